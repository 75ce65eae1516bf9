using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Core.ApiKeys;

namespace OpenEcs.Core.Accounts;

/// <summary>First-start work: the admin account and its fixed API token, from configuration or generated.</summary>
public sealed partial class Bootstrap(EcsDbContext db, TimeProvider time, IOptions<OpenEcsOptions> options, ILogger<Bootstrap> log)
{
    public const string CredentialsFile = "admin-credentials.txt";

    public async Task EnsureAdminAsync(CancellationToken ct)
    {
        var o = options.Value;
        var admin = await db.Accounts.FirstOrDefaultAsync(a => a.Username == o.Admin.Username, ct);
        string? generatedPassword = null, generatedToken = null;
        if (admin is null)
        {
            var password = o.Admin.Password;
            if (string.IsNullOrEmpty(password)) password = generatedPassword = SecretToken.NewPassword();
            admin = new Account
            {
                Username = o.Admin.Username, Email = o.Admin.Email, IsAdmin = true,
                PasswordHash = PasswordHash.Create(password, o.Auth.PasswordIterations), CreatedAt = time.GetUtcNow(),
            };
            db.Accounts.Add(admin);
            await db.SaveChangesAsync(ct);
        }
        else if (!string.IsNullOrEmpty(o.Admin.Password) && !PasswordHash.Verify(o.Admin.Password, admin.PasswordHash))
        {
            // Configuration is the source of truth for the admin password when it is set.
            admin.PasswordHash = PasswordHash.Create(o.Admin.Password, o.Auth.PasswordIterations);
        }
        admin.IsAdmin = true;

        var token = o.Admin.ApiToken;
        var hasKey = await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.AccountId == admin.Id, ct);
        if (string.IsNullOrEmpty(token) && !hasKey) token = generatedToken = SecretToken.NewApiToken();
        if (!string.IsNullOrEmpty(token))
        {
            var hash = SecretToken.Hash(token);
            if (!await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.TokenHash == hash, ct))
                db.ApiKeys.Add(new ApiKey { AccountId = admin.Id, Notes = "admin token from configuration", TokenHash = hash, CreatedAt = time.GetUtcNow() });
        }
        await db.SaveChangesAsync(ct);

        if (generatedPassword is not null || generatedToken is not null)
        {
            var path = Path.Combine(o.FullDataDir, CredentialsFile);
            var lines = new List<string> { $"username: {admin.Username}" };
            if (generatedPassword is not null) lines.Add($"password: {generatedPassword}");
            if (generatedToken is not null) lines.Add($"api_token: {generatedToken}");
            await DataFiles.WriteSecretAsync(path, string.Join('\n', lines) + "\n", ct);
            LogGenerated(admin.Username, generatedPassword ?? "(from configuration)", generatedToken ?? "(from configuration)", path);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Created admin account '{Username}' with password {Password} and API token {Token}; they are shown once and kept in {Path} (mode 0600)")]
    private partial void LogGenerated(string username, string password, string token, string path);
}

public static class DataFiles
{
    /// <summary>Writes a file only its owner can read (0600), creating it with that mode so it is never readable by others.</summary>
    public static async Task WriteSecretAsync(string path, string content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fso = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fso.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(path, fso))
        await using (var writer = new StreamWriter(stream))
            await writer.WriteAsync(content.AsMemory(), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
