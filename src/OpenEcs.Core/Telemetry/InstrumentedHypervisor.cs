using System.Diagnostics;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Core.Telemetry;

/// <summary>Times every operation of the hypervisor in use and gives each a span under the action that asked for it.</summary>
public sealed class InstrumentedHypervisor(IHypervisor inner, EcsTelemetry telemetry) : IHypervisor
{
    public Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct) => Timed("create", () => inner.CreateAsync(spec, op, ct));
    public Task StartAsync(string name, OperationContext op, CancellationToken ct) => Timed("start", () => inner.StartAsync(name, op, ct));
    public Task StopAsync(string name, OperationContext op, CancellationToken ct) => Timed("stop", () => inner.StopAsync(name, op, ct));
    public Task DeleteAsync(string name, OperationContext op, CancellationToken ct) => Timed("delete", () => inner.DeleteAsync(name, op, ct));
    public Task HaltAsync(string name, CancellationToken ct) => Timed("halt", () => inner.HaltAsync(name, ct));

    public Task CaptureTemplateAsync(string serverName, string? snapshot, string templateName, OperationContext op, CancellationToken ct) =>
        Timed("capture_template", () => inner.CaptureTemplateAsync(serverName, snapshot, templateName, op, ct));

    public Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct) =>
        Timed("delete_template", () => inner.DeleteTemplateAsync(templateName, op, ct));

    public Task<long?> CreateSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct) =>
        Timed("create_snapshot", () => inner.CreateSnapshotAsync(name, snapshot, op, ct));

    public Task DeleteSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct) =>
        Timed("delete_snapshot", () => inner.DeleteSnapshotAsync(name, snapshot, op, ct));

    public Task RollbackAsync(string name, string snapshot, bool start, OperationContext op, CancellationToken ct) =>
        Timed("rollback", () => inner.RollbackAsync(name, snapshot, start, op, ct));

    public Task<UserScriptEnd?> UserScriptEndAsync(string name, DateTimeOffset since, CancellationToken ct) =>
        Timed("user_script_end", () => inner.UserScriptEndAsync(name, since, ct), span: false);

    public Task<IReadOnlyList<VmState>?> ListVmsAsync(CancellationToken ct) => Timed("list", () => inner.ListVmsAsync(ct));
    public Task<string?> GetPowerStateAsync(string name, CancellationToken ct) => Timed("power_state", () => inner.GetPowerStateAsync(name, ct), span: false);
    public Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct) => Timed("sample", () => inner.SampleAsync(name, at, ct), span: false);
    public Task<Stream> OpenConsoleAsync(string name, CancellationToken ct) => Timed("open_console", () => inner.OpenConsoleAsync(name, ct));
    public Task SetInterfacesAsync(string name, IReadOnlyList<VmInterface> interfaces, OperationContext op, CancellationToken ct) =>
        Timed("set_interfaces", () => inner.SetInterfacesAsync(name, interfaces, op, ct));

    public VmNetwork? NetworkOf(string name) => inner.NetworkOf(name);
    public bool AddressBeforeCreate => inner.AddressBeforeCreate;

    /// <summary>The driver behind the instrumentation.</summary>
    public IHypervisor Inner => inner;

    private Task Timed(string operation, Func<Task> run) => Timed(operation, async () => { await run(); return true; });

    /// <param name="span">False for the frequent reads (status, samples): timed, but no span each.</param>
    private async Task<T> Timed<T>(string operation, Func<Task<T>> run, bool span = true)
    {
        using var activity = span ? EcsTelemetry.Source.StartActivity($"hypervisor {operation}") : null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await run();
            telemetry.HypervisorOperation(operation, ok: true, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception e)
        {
            telemetry.HypervisorOperation(operation, ok: false, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
