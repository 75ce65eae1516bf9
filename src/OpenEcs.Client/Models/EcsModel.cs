using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>Base of every object the API returns.</summary>
public abstract record EcsModel
{
    /// <summary>
    /// Keys the API sent that this version of the client does not model. They are kept, and written back when the
    /// object is serialized, so that nothing the API said is lost (the real service adds keys over time).
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
