using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.Accounts;

public static class AccountsModule
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<Bootstrap>();
        return services;
    }
}
