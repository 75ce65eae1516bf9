using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// The OpenAPI document: every operation's request and response schemas (from typed results), the error shape on
/// every API operation, and the two ways to authenticate.
/// </summary>
public static class OpenApiDocument
{
    public const string ApiTokenScheme = "ApiToken";
    public const string BearerScheme = "Bearer";

    /// <summary>The refusals every API operation may answer, each in the error shape.</summary>
    private static readonly int[] ErrorStatuses = [400, 401, 403, 404, 409, 413, 429, 503];

    public static IServiceCollection AddEcsOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info = new OpenApiInfo
            {
                Title = "OpenECS — the Seeweb ECS v2 Cloud Server API",
                Version = "v2",
                Description = "Every endpoint of /ecs/v2 as OpenECS serves it. Errors are {status, error_code, message, request_id}.",
            };
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[ApiTokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-APITOKEN",
                Description = "An API token from POST /ecs/v2/keys (or the admin token from configuration).",
            };
            doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT or API token",
                Description = "Authorization: Bearer with the JWT of POST /ecs/v2/login, or an API token.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            return Task.CompletedTask;
        });
    });

    /// <summary>Documents the error shape for every refusal an API operation may answer.</summary>
    public static TBuilder ProducesApiErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in ErrorStatuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorResponse), ["application/json"]));
        return builder;
    }
}
