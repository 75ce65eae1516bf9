namespace OpenEcs.Client.Models;

/// <summary>A server group (<c>/groups</c>). A group created with a password is a login of its own.</summary>
public sealed record Group : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Name, e.g. <c>eg100001</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>True when the group can be used.</summary>
    public bool Enabled { get; init; }
}

/// <summary>A public SSH key (<c>/sshkeys</c>); servers name it by <see cref="Label"/> at creation.</summary>
public sealed record SshKey : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Label, unique in the account.</summary>
    public string Label { get; init; } = "";
    /// <summary>The public key, e.g. <c>ssh-ed25519 AAAA... user@host</c>.</summary>
    public string Key { get; init; } = "";
    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An API token as listed (<c>GET /keys</c>); the token itself is shown only once, at creation.</summary>
public sealed record ApiKey : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A newly created API token. Keep <see cref="Token"/>: it cannot be read again.</summary>
public sealed record ApiKeyCreated : EcsModel
{
    /// <summary>The secret, to send as <c>X-APITOKEN</c>.</summary>
    public string Token { get; init; } = "";
    /// <summary>Its id, for <c>PUT</c>/<c>DELETE /keys/{id}</c>.</summary>
    public long Id { get; init; }
}

/// <summary>The account (<c>GET /account</c>).</summary>
public sealed record Account : EcsModel
{
    /// <summary>Login name.</summary>
    public string Username { get; init; } = "";
    /// <summary>Contact address.</summary>
    public string Email { get; init; } = "";
    /// <summary>Whether reserved plans can be bought.</summary>
    public bool ReservedAvailable { get; init; }
    /// <summary>Whether offline servers are available.</summary>
    public bool OfflineAvailable { get; init; }
    /// <summary>Discount on ECS plans, percent.</summary>
    public int EcsSpecialDiscount { get; init; }
    /// <summary>Discount on ECS HM plans, percent.</summary>
    public int EcshmSpecialDiscount { get; init; }
    /// <summary>Discount on GPU plans, percent.</summary>
    public int EcsgpuSpecialDiscount { get; init; }
}

/// <summary>A login token (JWT) and when it expires.</summary>
public sealed record LoginToken(string Token, DateTimeOffset ExpiresAt);
