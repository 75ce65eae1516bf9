using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Storage;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace OpenEcs.Server.Tests;

/// <summary>The direction of the house, held by rules on the compiled assemblies (docs/architecture.md).</summary>
public sealed class ArchitectureTests
{
    private static readonly System.Reflection.Assembly Core = typeof(EcsDbContext).Assembly;
    private static readonly System.Reflection.Assembly Qemu = typeof(global::OpenEcs.Hypervisors.Qemu.QemuHypervisor).Assembly;
    private static readonly System.Reflection.Assembly Simulated = typeof(global::OpenEcs.Hypervisors.Simulated.SimulatedHypervisor).Assembly;
    private static readonly System.Reflection.Assembly Host = typeof(global::OpenEcs.Server.Hosting.OpenEcsApp).Assembly;

    private static readonly Architecture House = new ArchLoader().LoadAssemblies(Core, Qemu, Simulated, Host).Build();

    [Fact]
    public void Only_the_action_starter_creates_action_rows()
    {
        var constructors = MethodMembers().That().AreConstructors().And().AreDeclaredIn(typeof(EcsAction));
        Types().That().AreNot(typeof(ActionStarter)).And().AreNot(typeof(EcsAction))
            .Should().NotCallAny(constructors)
            .Because("every action comes into being through ActionStarter, in one transaction with its resource change")
            .Check(House);
    }

    [Fact]
    public void Hypervisor_drivers_do_not_touch_the_store()
    {
        var store = Types().That().ResideInNamespace("OpenEcs.Core.Storage");
        Types().That().ResideInAssembly(Qemu).Or().ResideInAssembly(Simulated)
            .Should().NotDependOnAny(store)
            .Because("drivers only run and list VMs; the reconciler in Core writes what they report")
            .Check(House);
    }

    [Fact]
    public void The_wire_mapping_does_not_depend_on_the_hypervisor()
    {
        var hypervisors = Types().That().ResideInNamespace("OpenEcs.Core.Hypervisors");
        Types().That().ResideInAssembly(Host).And().HaveNameEndingWith("Mapping")
            .Should().NotDependOnAny(hypervisors)
            .Because("what a response says is read from the store, never asked of a hypervisor per row")
            .Check(House);
    }

    [Fact]
    public void Core_references_no_store_provider()
    {
        var providers = new[] { "Npgsql", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.Data.Sqlite", "SQLitePCL" };
        var referenced = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, name => providers.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
        Types().That().ResideInAssembly(Core)
            .Should().NotDependOnAny(Types().That().ResideInNamespace("Npgsql").Or().ResideInNamespace("Microsoft.Data.Sqlite"))
            .Check(House);
    }

    [Fact]
    public void Endpoints_call_services_not_the_store()
    {
        Types().That().ResideInAssembly(Host).And().HaveNameEndingWith("Endpoints")
            .Should().NotDependOnAny(Types().That().HaveFullName(typeof(EcsDbContext).FullName!))
            .Because("each resource's service is the one way to its rows")
            .Check(House);
    }
}
