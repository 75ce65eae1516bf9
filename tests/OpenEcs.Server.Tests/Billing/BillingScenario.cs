using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Billing;

/// <summary>
/// One account's servers across a month boundary on the manual clock, as steps at fixed instants: creates, power off and
/// on, a reserved period, a delete, a template; and the bills they must come to, worked out by hand below from the
/// catalog's prices (catalog.json: eCS1 0.019/h, eCS2 0.032/h, offline discount 20 %, 3-month reservation 10 %, basic
/// support 29.00 a month, template storage 0.00014 per GiB-hour). Hours count from each resource's start; each hour begun
/// is billed once, at what held when it began (HourSlots).
/// </summary>
public sealed class BillingScenario
{
    public HttpClient Api { get; set; } = null!;
    public HttpClient Emulator { get; set; } = null!;
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";
    public string Template { get; private set; } = "";

    /// <summary>Where the manual clock starts: just before the first step.</summary>
    public static readonly DateTimeOffset Start = At("2031-01-31T18:00:00Z");

    /// <summary>
    /// The manual clock from <paramref name="clock"/>, and metrics sampled once a day: the manual clock fires every
    /// periodic timer once per period it jumps over, and the default 5-minute step would make a month's jump take minutes.
    /// </summary>
    public static string[] Settings(DateTimeOffset clock) =>
        [$"OpenEcs:Simulator:ManualClockStart={clock.ToString("O", CultureInfo.InvariantCulture)}", "OpenEcs:Metrics:Step=1.00:00:00"];

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The steps, each at its instant; a test may stop the server between two of them.</summary>
    public IReadOnlyList<(string Name, DateTimeOffset At, Func<Task> Run)> Steps => [
        ("offline discount for the account", At("2031-01-31T19:00:00Z"), async () =>
            (await Emulator.SendAsync(HttpMethod.Patch, "accounts/admin", new { offline_available = true })).AssertOk()),
        // A: eCS1 with basic support, from 20:00:00.
        ("create A", At("2031-01-31T20:00:00Z"), async () => A = await CreateAsync(new { plan = "eCS1", location = "it-fr2", image = "debian-12", notes = "A", support = "basic" })),
        // B: eCS2, from 20:30:00.
        ("create B", At("2031-01-31T20:30:00Z"), async () => B = await CreateAsync(new { plan = "eCS2", location = "it-fr2", image = "debian-12", notes = "B" })),
        ("power off A", At("2031-01-31T22:30:00Z"), () => ActAsync(A, "power_off")),
        ("power on A", At("2031-02-01T02:30:00Z"), () => ActAsync(A, "power_on")),
        ("reserve A for 3 months", At("2031-02-01T05:30:00Z"), async () =>
            Assert.Equal(10, (int)(await Api.PostJsonAsync($"servers/{A}/reserved", new { reserved_plan = "M3PeCS1" })).AssertOk()["discount"]!)),
        ("power off B", At("2031-02-10T12:10:00Z"), () => ActAsync(B, "power_off")),
        ("delete B", At("2031-02-15T08:45:00Z"), async () =>
        {
            var delete = (await Api.DeleteJsonAsync($"servers/{B}")).AssertOk()["action"]!;
            await DriveAsync((long)delete["id"]!);
        }),
        ("template of A", At("2031-02-20T10:00:00Z"), async () =>
        {
            var created = (await Api.PostJsonAsync("templates", new { server = A, notes = "golden" })).AssertOk();
            Template = (string)created["template"]!["name"]!;
            await DriveAsync((long)created["action_id"]!);
        }),
        ("delete the template", At("2031-02-25T10:30:00Z"), async () =>
            await DriveAsync((long)(await Api.DeleteJsonAsync($"templates/{Template}")).AssertOk()["action"]!["id"]!)),
        ("A cannot be deleted while reserved", At("2031-02-27T09:00:00Z"), async () =>
            (await Api.DeleteJsonAsync($"servers/{A}")).AssertError(HttpStatusCode.Conflict, "reserved until 2031-05-01 05:30")),
        ("into March", At("2031-03-02T00:00:00Z"), () => Task.CompletedTask),
    ];

    public async Task RunAsync(int from = 0, int to = int.MaxValue)
    {
        var steps = Steps;
        for (var i = from; i < Math.Min(to, steps.Count); i++)
        {
            await SetClockAsync(steps[i].At);
            await steps[i].Run();
        }
    }

    public async Task SetClockAsync(DateTimeOffset at)
    {
        var now = DateTimeOffset.Parse((string)(await Emulator.GetJsonAsync("clock")).AssertOk()["now"]!, CultureInfo.InvariantCulture);
        if (now < at) (await Emulator.PostJsonAsync("clock", new { set_to = at })).AssertOk();
    }

    private async Task<string> CreateAsync(object body)
    {
        var created = (await Api.PostJsonAsync("servers", body)).AssertOk();
        await DriveAsync((long)created["action_id"]!);
        return (string)created["server"]!["name"]!;
    }

    private async Task ActAsync(string server, string type) =>
        await DriveAsync((long)(await Api.PostJsonAsync($"servers/{server}/actions", new { type })).AssertOk()["id"]!);

    /// <summary>Moves the clock a second at a time until the action has completed (actions take seconds: no hour is crossed).</summary>
    public async Task DriveAsync(long id)
    {
        for (var s = 0; s < 90; s++)
        {
            await Task.Delay(30);
            var action = (await Api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!;
            if ((string)action["status"]! == "completed") return;
            Assert.Equal("in-progress", (string)action["status"]!);
            (await Emulator.PostJsonAsync("clock", new { advance_seconds = 1 })).AssertOk();
        }
        throw new Xunit.Sdk.XunitException($"action {id} did not complete within 90 simulated seconds");
    }

    /// <summary>
    /// The bills, by hand. A's hours begin at :00, B's at :30.
    /// January. A: 20:00, 21:00, 22:00 online (switched off at 22:30, after its 22:00 hour began), 23:00 offline: 3 × 0.019
    /// = 0.057 → 0.06; offline 0.019 × 80 % = 0.0152 → 0.02, reduction 0.0038 → 0.00; basic support 29.00; original
    /// 4 × 0.019 = 0.076 → 0.08 + 29.00. B: 20:30 to 23:30, 4 online hours × 0.032 = 0.128 → 0.13.
    /// February (672 hours). A: 00:00 to 02:00 offline (3: 0.057 × 80 % = 0.0456 → 0.05, reduction 0.0114 → 0.01), 03:00 to
    /// 05:00 online (3: 0.06), reserved from 05:30, so from its 06:00 hour to the month's end: 666 hours, 12.654 gross,
    /// 90 % = 11.3886 → 11.39, reduction 1.2654 → 1.27; support 29.00; original 672 × 0.019 = 12.768 → 12.77 + 29.00.
    /// B: online from Feb 1 00:30 to the 11:30 hour of Feb 10 (switched off at 12:10): 9 × 24 + 12 = 228 hours, 7.296 → 7.30;
    /// offline from 12:30 to the 08:30 hour of Feb 15 (deleted at 08:45): 12 + 4 × 24 + 9 = 117 hours, 3.744 gross,
    /// 80 % = 2.9952 → 3.00, reduction 0.7488 → 0.75; original 345 × 0.032 = 11.04.
    /// March, to Mar 2 00:00: A reserved all 24 hours: 0.456 × 90 % = 0.4104 → 0.41, support 29.00.
    /// The template (20 GiB, eCS1's disk) is stored from about 10:00:20 on Feb 20 to 10:30 on Feb 25: 5 × 24 + 1 = 121
    /// hours × 20 GiB × 0.00014 = 0.3388 → 0.34.
    /// </summary>
    public async Task AssertBillsAsync()
    {
        var january = await ServersAsync(2031, 1);
        AssertServer(january[A], billed: 4, online: (3, 0.06m), offline: (1, 0.02m, 0.00m), reserved: null, support: ("basic", 29.00m), cost: 29.08m, original: 29.08m);
        AssertServer(january[B], billed: 4, online: (4, 0.13m), offline: (0, 0m, 0m), reserved: null, support: (null, 0m), cost: 0.13m, original: 0.13m);

        var february = await ServersAsync(2031, 2);
        AssertServer(february[A], billed: 672, online: (3, 0.06m), offline: (3, 0.05m, 0.01m), reserved: (666, 10, 11.39m, 1.27m),
            support: ("basic", 29.00m), cost: 40.50m, original: 41.77m);
        AssertServer(february[B], billed: 345, online: (228, 7.30m), offline: (117, 3.00m, 0.75m), reserved: null, support: (null, 0m),
            cost: 10.30m, original: 11.04m);
        Assert.Equal("Deleted", (string)february[B]["status"]!);
        Assert.NotNull((string?)february[B]["deletion_date"]);
        var reservation = february[A]["summary"]!["reserved_discounts"]![0]!;
        Assert.Equal(At("2031-02-01T05:30:00Z"), DateTimeOffset.Parse((string)reservation["reserved_start_date"]!, CultureInfo.InvariantCulture));
        Assert.Equal(At("2031-05-01T05:30:00Z"), DateTimeOffset.Parse((string)reservation["reserved_end_date"]!, CultureInfo.InvariantCulture));

        var march = await ServersAsync(2031, 3);
        Assert.False(march.ContainsKey(B));
        AssertServer(march[A], billed: 24, online: (0, 0m), offline: (0, 0m, 0m), reserved: (24, 10, 0.41m, 0.05m), support: ("basic", 29.00m),
            cost: 29.41m, original: 29.46m);

        var templates = (await Api.GetJsonAsync("billing/templates/2031/2")).AssertOk().AsArray();
        var template = Assert.Single(templates)!;
        Assert.Equal(Template, (string)template["name"]!);
        Assert.Equal(121, (long)template["hours"]!);
        Assert.Equal(20L * 1024 * 1024, (long)template["size_on_disk"]!);
        Assert.Equal(0.34m, (decimal)template["cost"]!);
        Assert.Equal("Deleted", (string)template["status"]!);
        Assert.Empty((await Api.GetJsonAsync("billing/templates/2031/1")).AssertOk().AsArray());
    }

    public async Task<Dictionary<string, JsonNode>> ServersAsync(int year, int month) =>
        (await Api.GetJsonAsync($"billing/servers/{year}/{month}")).AssertOk().AsArray().ToDictionary(r => (string)r!["name"]!, r => r!);

    private static void AssertServer(JsonNode row, long billed, (long Hours, decimal Price) online, (long Hours, decimal Price, decimal Reduction) offline,
        (long Hours, int Discount, decimal Price, decimal Reduction)? reserved, (string? Code, decimal Price) support, decimal cost, decimal original)
    {
        var what = row.ToJsonString();
        var summary = row["summary"]!;
        Assert.True(billed == (long)row["billed_hours"]!, what);
        Assert.True(cost == (decimal)row["cost"]!, what);
        Assert.True(online == ((long)summary["online_hour"]!, (decimal)summary["online_price"]!), what);
        Assert.True(offline == ((long)summary["offline_hour"]!, (decimal)summary["offline_price"]!, (decimal)summary["offline_reduction"]!), what);
        Assert.Equal(20, (int)summary["offline_discount"]!);
        var discounts = summary["reserved_discounts"]!.AsArray();
        if (reserved is { } r)
        {
            var d = Assert.Single(discounts)!;
            Assert.True(r == ((long)d["reserved_hour"]!, (int)d["reserved_discount"]!, (decimal)d["reserved_price"]!, (decimal)d["reserved_reduction"]!), what);
        }
        else Assert.Empty(discounts);
        Assert.True(support == ((string?)summary["support_code"], (decimal)summary["support_price"]!), what);
        Assert.True(original == (decimal)summary["original_cost"]!, what);
    }
}
