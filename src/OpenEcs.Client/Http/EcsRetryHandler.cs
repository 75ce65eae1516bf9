using System.Net;
using Polly;
using Polly.Retry;

namespace OpenEcs.Client.Http;

/// <summary>
/// Tries an idempotent call again when the API answers 429 (rate limit) or 503 (unavailable): after the
/// <c>Retry-After</c> the server gave, or else after an exponential backoff with jitter. POST and PATCH are never
/// repeated (they could act twice), except the calls the client marks safe (login). A <c>Retry-After</c> longer than
/// <see cref="EcsClientOptions.MaxRetryDelay"/> ends the call at once: waiting less would only be refused again.
/// <see cref="EcsClient"/> puts this handler in front of its own connections and <c>AddEcsClient</c> in front of
/// the factory's; add it yourself to an <see cref="HttpClient"/> of your own.
/// </summary>
public sealed class EcsRetryHandler : DelegatingHandler
{
    /// <summary>Marks a request that may be repeated whatever its method (it changes nothing on the server).</summary>
    internal static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("OpenEcs.SafeToRepeat");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>A handler with the retry settings of <paramref name="options"/>.</summary>
    public EcsRetryHandler(EcsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = options.MaxRetries <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider }
                .AddRetry(Strategy(options))
                .Build();
    }

    /// <summary>A handler with the retry settings of <paramref name="options"/>, sending through <paramref name="inner"/>.</summary>
    public EcsRetryHandler(EcsClientOptions options, HttpMessageHandler inner) : this(options) => InnerHandler = inner;

    private static RetryStrategyOptions<HttpResponseMessage> Strategy(EcsClientOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        MaxDelay = options.MaxRetryDelay,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && ShouldRetry(r, options)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfter(r, options.TimeProvider) : null),
        OnRetry = args =>
        {
            // The refused answer is dropped: its connection goes back to the pool before the wait.
            args.Outcome.Result?.Dispose();
            return ValueTask.CompletedTask;
        },
    };

    private static bool ShouldRetry(HttpResponseMessage response, EcsClientOptions options)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return false;
        if (response.RequestMessage is not { } request || !IsRepeatable(request)) return false;
        return RetryAfter(response, options.TimeProvider) is not { } wait || wait <= options.MaxRetryDelay;
    }

    /// <summary>Idempotent methods (RFC 9110), and requests marked safe to repeat.</summary>
    internal static bool IsRepeatable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
        || (request.Options.TryGetValue(SafeToRepeat, out var safe) && safe);

    /// <summary>The server's Retry-After (seconds or a date), or null when it gave none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero;
        return null;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, ct)),
            (Handler: this, Request: request), cancellationToken);

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
}
