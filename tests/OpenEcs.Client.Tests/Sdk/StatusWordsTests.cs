using System.Reflection;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>The SDK is a package of its own and cannot use the server's types: its words are held equal to them here.</summary>
public sealed class StatusWordsTests
{
    private static SortedSet<string> Words(Type type) =>
        new(type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));

    [Theory]
    [InlineData(typeof(Core.Servers.ServerStatus), typeof(Models.ServerStatus))]
    [InlineData(typeof(Core.Servers.PowerState), typeof(Models.PowerState))]
    [InlineData(typeof(Core.Actions.ActionStatus), typeof(Models.ActionStatus))]
    [InlineData(typeof(Core.Actions.ActionType), typeof(Models.ActionType))]
    public void The_sdk_knows_every_word_the_server_answers(Type server, Type sdk) => Assert.Equal(Words(server), Words(sdk));
}
