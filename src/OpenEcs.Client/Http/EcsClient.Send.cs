using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenEcs.Client;

/// <summary>How a call is made.</summary>
[Flags]
internal enum Call
{
    Default = 0,
    /// <summary>No credentials (login).</summary>
    Anonymous = 1,
    /// <summary>May be repeated on 429/503 whatever its method: it changes nothing.</summary>
    SafeToRepeat = 2,
}

/// <summary>A JSON request body, made anew for each attempt.</summary>
internal readonly record struct Body(object Value, JsonTypeInfo TypeInfo)
{
    public static Body Of<T>(T value, JsonTypeInfo<T> info) => new(value!, info);
    public HttpContent ToContent() => JsonContent.Create(Value, TypeInfo);
}

public sealed partial class EcsClient
{
    private static readonly string UserAgent =
        $"OpenEcs.Client/{typeof(EcsClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"} (.NET {Environment.Version})";

    /// <summary>
    /// Sends one call and reads its answer: signs it, sends it once more after a 401 if the credential could renew
    /// itself, maps a refusal to its exception and reads a success as <typeparamref name="T"/>.
    /// </summary>
    internal async Task<T> SendAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> answer, Body? body = null,
        Call call = Call.Default, CancellationToken ct = default)
    {
        var credential = call.HasFlag(Call.Anonymous) ? null : Options.ResolveCredential();
        using var response = await SendSignedAsync(method, path, body, call, credential, ct);
        using var request = response.RequestMessage;
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw Http.ApiErrorReader.Read(response, bytes, Options.TimeProvider);
        try
        {
            return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, answer)
                ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new EcsException($"the answer to {method} {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>A call answered with text rather than JSON (the bills' CSV form).</summary>
    internal async Task<string> SendForTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendSignedAsync(HttpMethod.Get, path, null, Call.Default, Options.ResolveCredential(), ct);
        using var request = response.RequestMessage;
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw Http.ApiErrorReader.Read(response, bytes, Options.TimeProvider);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private async Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string path, Body? body, Call call, EcsCredential? credential,
        CancellationToken ct)
    {
        var response = await SendOnceAsync(method, path, body, call, credential, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || credential is null) return response;
        bool renewed;
        try
        {
            renewed = await credential.RenewAfterRejectionAsync(response.RequestMessage!, this, ct);
        }
        catch
        {
            Release(response);
            throw;
        }
        if (!renewed) return response;
        Release(response);
        return await SendOnceAsync(method, path, body, call, credential, ct);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, Body? body, Call call, EcsCredential? credential,
        CancellationToken ct)
    {
        var request = await BuildAsync(method, path, body, call, credential, ct);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static void Release(HttpResponseMessage response)
    {
        response.RequestMessage?.Dispose();
        response.Dispose();
    }

    private async Task<HttpRequestMessage> BuildAsync(HttpMethod method, string path, Body? body, Call call, EcsCredential? credential,
        CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.BaseUrl, path)) { Content = body?.ToContent() };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.ParseAdd("application/json");
        if (call.HasFlag(Call.SafeToRepeat)) request.Options.Set(Http.EcsRetryHandler.SafeToRepeat, true);
        if (credential is not null) await credential.ApplyAsync(request, this, ct);
        return request;
    }

    /// <summary>An answer without the key its call is for.</summary>
    internal static EcsException Missing(string key, string call) => new($"the answer to {call} has no '{key}'");

    /// <summary>A path segment from a caller's value (names, ids), escaped.</summary>
    internal static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }
}
