namespace OpenEcs.Core.Domain;

// Persistence shapes of the domain. Wire shapes live in the server's mapping layer, never here.

public sealed class Account
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A long-lived API token; only its SHA-256 is stored.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Notes { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Server
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public long? GroupId { get; set; }
    public ServerGroup? Group { get; set; }
    public required string Plan { get; set; }
    public required string Location { get; set; }
    public required string Image { get; set; }
    public required string Notes { get; set; }
    public string Ipv4 { get; set; } = "";
    public string Ipv6 { get; set; } = "";
    public string Status { get; set; } = ServerStatus.Booting;
    public bool ActiveFlag { get; set; }
    public int Progress { get; set; }
    public string PowerState { get; set; } = Domain.PowerState.Shutoff;
    public string? SshKey { get; set; }
    public string? UserCustomize { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public DateTimeOffset? DeletionDate { get; set; }
    /// <summary>Optimistic concurrency token, bumped on every write.</summary>
    public int Version { get; set; }
}

public sealed class EcsAction
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public required string Type { get; set; }
    public required string Resource { get; set; }
    public required string ResourceType { get; set; }
    public string Status { get; set; } = ActionStatus.InProgress;
    public int Progress { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>The runner (replica) that holds the action, until <see cref="LeaseUntil"/>; a concurrency token, so a
    /// runner that lost its claim cannot write the action any more.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

public sealed class Template
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public Guid Uuid { get; set; }
    public string Description { get; set; } = "";
    public string Notes { get; set; } = "";
    public required string SoBase { get; set; }
    public int RequiredDisk { get; set; }
    public required string SourceServer { get; set; }
    public string Status { get; set; } = TemplateStatus.Creating;
    public bool ActiveFlag { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public DateTimeOffset? DeletionDate { get; set; }
}

public sealed class ServerGroup
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public string Notes { get; set; } = "";
    /// <summary>Null when the group was created without a password: then no one can log in to its subview.</summary>
    public string? PasswordHash { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class SshKey
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Label { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class MetricSample
{
    public long Id { get; set; }
    public long ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public double Cpu { get; set; }
    public double DiskReads { get; set; }
    public double DiskWrites { get; set; }
    public double NetReceived { get; set; }
    public double NetTransmitted { get; set; }
}

/// <summary>An address of a region's pool held by a server; the primary key keeps two servers off one address.</summary>
public sealed class AddressLease
{
    public required string Address { get; set; }
    public required string Region { get; set; }
    public long ServerId { get; set; }
}

public sealed class ConsoleTicket
{
    public required string KeyHash { get; set; }
    public long ServerId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Monotonic counters behind the ec2NNNNN / ei2NNNNN / eg1NNNNN names.</summary>
public sealed class NameCounter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

/// <summary>A named job that one replica of the cluster does at a time (e.g. metrics sampling).</summary>
public sealed class ClusterLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset Until { get; set; }
}
