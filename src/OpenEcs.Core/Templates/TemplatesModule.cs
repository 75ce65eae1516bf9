using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Templates;

public static class TemplatesModule
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddScoped<TemplateService>();
        services.AddActionHandler<CreateTemplateHandler>(ActionType.CreateTemplate, TimeSpan.FromHours(2));
        services.AddActionHandler<DeleteTemplateHandler>(ActionType.DeleteTemplate, TimeSpan.FromMinutes(30));
        return services;
    }
}
