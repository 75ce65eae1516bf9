using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Templates: images captured from the account's servers (<c>/templates</c>), named by id or by name.</summary>
public sealed class TemplatesClient
{
    private readonly EcsClient _client;

    internal TemplatesClient(EcsClient client) => _client = client;

    /// <summary>The account's templates (<c>GET /templates</c>).</summary>
    public async Task<IReadOnlyList<Template>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "templates", EcsJsonContext.Wire.TemplateListEnvelope, ct: cancellationToken)).Templates ?? [];

    /// <summary>One template, by numeric id or name (<c>GET /templates/{id}</c>).</summary>
    public async Task<Template> GetAsync(string idOrName, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, $"templates/{EcsClient.Segment(idOrName)}", EcsJsonContext.Wire.TemplateEnvelope, ct: cancellationToken)).Template
        ?? throw EcsClient.Missing("template", "GET /templates/{id}");

    /// <summary>Captures a template from a <c>Booted</c> server (<c>POST /templates</c>); wait for its action.</summary>
    public async Task<TemplateCreated> CreateAsync(CreateTemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await _client.SendAsync(HttpMethod.Post, "templates", EcsJsonContext.Wire.TemplateCreated,
            Body.Of(request, EcsJsonContext.Wire.CreateTemplateRequest), ct: cancellationToken);
    }

    /// <summary>Changes notes and/or description (<c>PUT /templates/{id}</c>); null leaves a field as it is.</summary>
    public async Task<Template> UpdateAsync(string idOrName, string? notes = null, string? description = null, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Put, $"templates/{EcsClient.Segment(idOrName)}", EcsJsonContext.Wire.TemplateEnvelope,
            Body.Of(new UpdateTemplateBody(notes, description), EcsJsonContext.Wire.UpdateTemplateBody), ct: cancellationToken)).Template
        ?? throw EcsClient.Missing("template", "PUT /templates/{id}");

    /// <summary>Deletes a template (<c>DELETE /templates/{id}</c>); returns the <c>delete_template</c> action.</summary>
    public async Task<EcsAction> DeleteAsync(string idOrName, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Delete, $"templates/{EcsClient.Segment(idOrName)}", EcsJsonContext.Wire.ActionEnvelope, ct: cancellationToken)).Action
        ?? throw EcsClient.Missing("action", "DELETE /templates/{id}");
}
