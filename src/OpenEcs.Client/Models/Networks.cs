using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>A private network of the account (<c>/networks</c>): servers join it through interfaces with VLANs.</summary>
public sealed record Network : EcsModel
{
    /// <summary>Row id.</summary>
    public long Id { get; init; }
    /// <summary>The number in its name.</summary>
    public long NetworkId { get; init; }
    /// <summary>Name, e.g. <c>net000017</c>: what the VLAN calls and <see cref="CreateServerRequest.Networks"/> name.</summary>
    public string Name { get; init; } = "";
    /// <summary>False once deleted.</summary>
    public bool Active { get; init; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? DeactivatedAt { get; init; }
    /// <summary>The owning account.</summary>
    public string User { get; init; } = "";
}

/// <summary>A VLAN of a server's interface on a network.</summary>
public sealed record Vlan : EcsModel
{
    /// <summary>Row id.</summary>
    public long Id { get; init; }
    /// <summary>The VLAN id, 1–4094.</summary>
    public int VlanId { get; init; }
    /// <summary>True for the interface's PVID (its untagged VLAN).</summary>
    public bool Pvid { get; init; }
    /// <summary><c>creating</c>, <c>ok</c>, <c>updating</c> or <c>deleting</c>; only an <c>ok</c> VLAN can be changed.</summary>
    public string Status { get; init; } = "";
    /// <summary>False while it is being deleted.</summary>
    public bool Active { get; init; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The interface's MAC: how to find the NIC inside the server (<c>ip link</c>).</summary>
    public string MacAddress { get; init; } = "";
    /// <summary>The network's name.</summary>
    public string Network { get; init; } = "";
    /// <summary>The server's name.</summary>
    public string Server { get; init; } = "";
}

/// <summary>The answer to a VLAN change: the action that carries it out (its resource is <c>{server}-{network}</c>).</summary>
public sealed record VlanChange : EcsModel
{
    /// <summary><c>creating</c>, <c>updating</c> or <c>deleting</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>The VLAN as an update left it (updates only).</summary>
    public Vlan? Vlan { get; init; }
    /// <summary>The <c>add_vlan</c>, <c>update_vlan</c> or <c>delete_vlan</c> action.</summary>
    public EcsAction Action { get; init; } = new();
}

/// <summary>VLANs to add: one (<see cref="VlanId"/>, perhaps the PVID) or several (<see cref="Vlans"/>: <c>"10"</c>, <c>"1-100"</c>, <c>"10,20-30"</c>).</summary>
public sealed record VlanRequest
{
    /// <summary>One VLAN id, 1–4094.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? VlanId { get; init; }
    /// <summary>True: it becomes the interface's PVID (an interface has one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Pvid { get; init; }
    /// <summary>A range or list of VLAN ids.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Vlans { get; init; }
}

/// <summary>A network a new server joins, with its VLANs (none: VLAN 1 as the PVID).</summary>
public sealed record NetworkAttachment
{
    /// <summary>The network's name.</summary>
    public required string Name { get; init; }
    /// <summary>Its VLANs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VlanRequest>? Vlans { get; init; }
}
