using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenEcs.Bench;

/// <summary>
/// The baseline: bare Kestrel in this same build, one terminal handler, no routing, no auth, no logging. It answers
/// every path it was given with the bytes OpenECS answered for that path (captured once, kept in memory) and the same
/// Content-Type; the X-APITOKEN check is skipped. /healthz answers as OpenECS's does.
/// </summary>
public static class Baseline
{
    public const string IndexFile = "index.tsv";

    public static async Task<int> RunAsync(int port, string? bodiesDir)
    {
        var responses = new Dictionary<string, (string ContentType, byte[] Body)>(StringComparer.Ordinal)
        {
            ["/healthz"] = ("application/json; charset=utf-8", Encoding.UTF8.GetBytes("""{"status":"ok"}""")),
        };
        if (bodiesDir is not null)
            foreach (var line in File.ReadAllLines(Path.Combine(bodiesDir, IndexFile)))
            {
                var parts = line.Split('\t');
                responses[parts[0]] = (parts[1], File.ReadAllBytes(Path.Combine(bodiesDir, parts[2])));
            }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(ctx =>
        {
            if (!responses.TryGetValue(ctx.Request.Path.Value ?? "", out var r))
            {
                ctx.Response.StatusCode = 404;
                return Task.CompletedTask;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = r.ContentType;
            ctx.Response.ContentLength = r.Body.Length;
            return ctx.Response.Body.WriteAsync(r.Body).AsTask();
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Saves what OpenECS answers for each path, for a baseline process to serve.</summary>
    public static async Task CaptureAsync(HttpClient client, IEnumerable<string> paths, string dir)
    {
        Directory.CreateDirectory(dir);
        var index = new List<string>();
        var n = 0;
        foreach (var path in paths)
        {
            using var r = await client.GetAsync(path);
            r.EnsureSuccessStatusCode();
            var file = $"body{n++}";
            await File.WriteAllBytesAsync(Path.Combine(dir, file), await r.Content.ReadAsByteArrayAsync());
            index.Add($"{path}\t{r.Content.Headers.ContentType}\t{file}");
        }
        await File.WriteAllLinesAsync(Path.Combine(dir, IndexFile), index);
    }
}
