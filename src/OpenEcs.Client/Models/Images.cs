namespace OpenEcs.Client.Models;

/// <summary>What images and templates have in common: the API describes both with one shape.</summary>
public abstract record ImageBase : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Name: e.g. <c>ubuntu-2404</c> for an image, <c>ei200001</c> for a template.</summary>
    public string Name { get; init; } = "";
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreationDate { get; init; }
    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    /// <summary>True when usable.</summary>
    public bool ActiveFlag { get; init; }
    /// <summary>State word, e.g. <c>CD</c>, <c>Creating</c>, <c>Created</c>, <c>Deleting</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>Unique id.</summary>
    public string Uuid { get; init; } = "";
    /// <summary>Human description, e.g. <c>Ubuntu 24.04</c>.</summary>
    public string Description { get; init; } = "";
    /// <summary>Notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>True for images everyone can use.</summary>
    public bool Public { get; init; }
    /// <summary>True for cloud images (cloud-init ready).</summary>
    public bool CloudImage { get; init; }
    /// <summary>Operating-system family, e.g. <c>ubuntu</c>.</summary>
    public string SoBase { get; init; } = "";
    /// <summary>Minimum disk in GB.</summary>
    public int RequiredDisk { get; init; }
    /// <summary>API generation, e.g. <c>v5</c>.</summary>
    public string ApiVersion { get; init; } = "";
    /// <summary>API generation as a number.</summary>
    public int ApiVersionValue { get; init; }
    /// <summary>Version of the operating system, e.g. <c>2404</c>; empty for templates.</summary>
    public string Version { get; init; } = "";
}

/// <summary>An operating-system image servers are created from (<c>/images/basics</c>, <c>/images/cloud-images</c>).</summary>
public sealed record Image : ImageBase;

/// <summary>A template: an image captured from one of the account's servers (<c>/templates</c>).</summary>
public sealed record Template : ImageBase;

/// <summary>The answer to a template create: the template (still being captured) and its action.</summary>
public sealed record TemplateCreated : EcsModel
{
    /// <summary>The <c>create_template</c> action.</summary>
    public long ActionId { get; init; }
    /// <summary>The template as created.</summary>
    public Template Template { get; init; } = new();
}
