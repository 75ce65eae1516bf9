using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Support;

/// <summary>
/// One server for the short test classes, each of which takes accounts of its own: fewer start-ups on a machine of two
/// cores, where the process walks and the other fixtures run alongside.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<EcsServerFixture>
{
    public const string Name = "shared server";
}
