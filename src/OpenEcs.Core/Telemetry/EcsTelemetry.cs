using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenEcs.Core.Telemetry;

/// <summary>
/// OpenECS's own traces and metrics (exported by the host: Prometheus at /metrics, OTLP when configured). Metrics carry
/// no server or account labels: their cardinality stays flat however many servers there are.
/// </summary>
public sealed class EcsTelemetry
{
    public const string Name = "OpenEcs";

    /// <summary>Spans of action runs and hypervisor operations; a run's parent is the request that started the action.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _created, _started, _completed, _failed, _storeErrors;
    private readonly Histogram<double> _duration, _wait, _hypervisor;
    private readonly UpDownCounter<long> _consoles;

    public EcsTelemetry(IMeterFactory meters, StoreGauges gauges)
    {
        var meter = meters.Create(Name);
        _created = meter.CreateCounter<long>("openecs.actions.created", "{action}", "Actions accepted, by type");
        _started = meter.CreateCounter<long>("openecs.actions.started", "{action}", "Actions the runner took up, by type");
        _completed = meter.CreateCounter<long>("openecs.actions.completed", "{action}", "Actions that completed, by type");
        _failed = meter.CreateCounter<long>("openecs.actions.failed", "{action}", "Actions that failed, by type and reason (error, cancelled, deadline)");
        _duration = meter.CreateHistogram("openecs.action.duration", "s", "From the runner taking an action up to its end, by type and outcome", advice: Seconds);
        _wait = meter.CreateHistogram("openecs.action.wait", "s", "From an action's creation to the runner taking it up (queue wait and runner lag), by type", advice: Seconds);
        _hypervisor = meter.CreateHistogram("openecs.hypervisor.operation.duration", "s", "Hypervisor operations, by operation and outcome", advice: Seconds);
        _storeErrors = meter.CreateCounter<long>("openecs.store.errors", "{error}", "Transient store errors met by requests and actions");
        _consoles = meter.CreateUpDownCounter<long>("openecs.consoles.open", "{console}", "Serial consoles open right now");
        meter.CreateObservableGauge("openecs.actions.in_progress", () => gauges.InProgressActions, "{action}", "Actions queued or running (the whole store)");
        meter.CreateObservableGauge("openecs.servers", gauges.ServersByStatus, "{server}", "Servers by status (the whole store)");
    }

    /// <summary>Buckets from milliseconds (an instant create) to half an hour (a slow QEMU boot or template copy).</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    };

    private static KeyValuePair<string, object?> Type(string type) => new("type", type);

    public void ActionCreated(string type) => _created.Add(1, Type(type));

    public void ActionStarted(string type, TimeSpan waited)
    {
        _started.Add(1, Type(type));
        _wait.Record(Math.Max(0, waited.TotalSeconds), Type(type));
    }

    public void ActionCompleted(string type, TimeSpan took)
    {
        _completed.Add(1, Type(type));
        _duration.Record(Math.Max(0, took.TotalSeconds), Type(type), new("outcome", "completed"));
    }

    /// <param name="reason">error, cancelled or deadline.</param>
    public void ActionFailed(string type, string reason, TimeSpan took)
    {
        _failed.Add(1, Type(type), new("reason", reason));
        _duration.Record(Math.Max(0, took.TotalSeconds), Type(type), new("outcome", "failed"));
    }

    public void HypervisorOperation(string operation, bool ok, TimeSpan took) =>
        _hypervisor.Record(took.TotalSeconds, new("operation", operation), new("outcome", ok ? "ok" : "error"));

    public void StoreError() => _storeErrors.Add(1);

    public void ConsoleOpened() => _consoles.Add(1);

    public void ConsoleClosed() => _consoles.Add(-1);
}
