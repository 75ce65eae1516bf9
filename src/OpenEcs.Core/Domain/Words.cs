namespace OpenEcs.Core.Domain;

public static class ServerStatus
{
    public const string Booting = "Booting";
    public const string Booted = "Booted";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";
    /// <summary>Create failed; the server keeps no address and can only be deleted.</summary>
    public const string Failed = "Failed";
}

public static class PowerState
{
    public const string Running = "RUNNING";
    public const string Shutoff = "SHUTOFF";
}

public static class ActionStatus
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public static class ActionType
{
    public const string CreateServer = "create_server";
    public const string DeleteServer = "delete_server";
    public const string PowerOn = "power_on";
    public const string PowerOff = "power_off";
    public const string Console = "console";
    public const string CreateTemplate = "create_template";
    public const string DeleteTemplate = "delete_template";

    public static readonly IReadOnlyList<string> All =
        [CreateServer, DeleteServer, PowerOn, PowerOff, Console, CreateTemplate, DeleteTemplate];
}

public static class ResourceType
{
    public const string Server = "ECS";
    public const string Template = "ECI";
}

public static class TemplateStatus
{
    public const string Creating = "Creating";
    public const string Created = "Created";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";
}
