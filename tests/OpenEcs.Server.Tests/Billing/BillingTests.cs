using System.Globalization;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Billing;

/// <summary>Bills on the manual clock against the figures worked out by hand (<see cref="BillingScenario"/>).</summary>
public sealed class BillingTests
{
    [Fact]
    public async Task A_month_boundary_bills_exactly_the_hours_discounts_and_fees_worked_out_by_hand_and_csv_agrees()
    {
        await using var server = await EcsServer.StartAsync("manual", BillingScenario.Settings(BillingScenario.Start));
        using var api = server.Client();
        using var emulator = server.Emulator();
        var scenario = new BillingScenario { Api = api, Emulator = emulator };
        await scenario.RunAsync();
        await scenario.AssertBillsAsync();

        foreach (var month in new[] { 1, 2, 3 })
        {
            var json = (await api.GetJsonAsync($"billing/servers/2031/{month}")).AssertOk().AsArray();
            var csv = await CsvAsync(api, $"billing/servers/2031/{month}?type=csv");
            Assert.Equal(json.Count, csv.Count);
            foreach (var row in json)
            {
                var line = csv.Single(l => l["name"] == (string)row!["name"]!);
                var summary = row!["summary"]!;
                Assert.Equal((string)row["plan"]!, line["plan"]);
                Assert.Equal((string)row["notes"]!, line["notes"]);
                Assert.Equal((string)row["status"]!, line["status"]);
                Assert.Equal((string)row["creation_date"]!, line["creation_date"]);
                Assert.Equal((string?)row["deletion_date"] ?? "", line["deletion_date"]);
                Assert.Equal((long)row["billed_hours"]!, long.Parse(line["billed_hours"], CultureInfo.InvariantCulture));
                foreach (var (key, value) in new[] { ("cost", row["cost"]), ("online_price", summary["online_price"]),
                             ("offline_price", summary["offline_price"]), ("offline_reduction", summary["offline_reduction"]),
                             ("support_price", summary["support_price"]), ("original_cost", summary["original_cost"]) })
                    Assert.Equal((decimal)value!, decimal.Parse(line[key], CultureInfo.InvariantCulture));
                Assert.Equal((long)summary["online_hour"]!, long.Parse(line["online_hour"], CultureInfo.InvariantCulture));
                Assert.Equal((long)summary["offline_hour"]!, long.Parse(line["offline_hour"], CultureInfo.InvariantCulture));
                var reserved = summary["reserved_discounts"]!.AsArray();
                Assert.Equal(reserved.Sum(r => (long)r!["reserved_hour"]!), long.Parse(line["reserved_hour"], CultureInfo.InvariantCulture));
                Assert.Equal(reserved.Sum(r => (decimal)r!["reserved_price"]!), decimal.Parse(line["reserved_price"], CultureInfo.InvariantCulture));
                Assert.Equal((string?)summary["support_code"] ?? "", line["support_code"]);
            }
        }
        var templates = (await api.GetJsonAsync("billing/templates/2031/2")).AssertOk().AsArray();
        var templateCsv = await CsvAsync(api, "billing/templates/2031/2?type=csv");
        var t = Assert.Single(templateCsv);
        Assert.Equal((string)templates[0]!["name"]!, t["name"]);
        Assert.Equal((long)templates[0]!["hours"]!, long.Parse(t["hours"], CultureInfo.InvariantCulture));
        Assert.Equal((decimal)templates[0]!["cost"]!, decimal.Parse(t["cost"], CultureInfo.InvariantCulture));
    }

    /// <summary>Rows of a CSV answer as column → text (no field here holds a comma or quote).</summary>
    public static async Task<List<Dictionary<string, string>>> CsvAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void Hours_begun_are_counted_once_from_the_anchor()
    {
        var anchor = BillingScenario.At("2031-01-31T10:06:22Z");
        var slots = new Core.Billing.HourSlots(anchor);
        // The docs' example: created 10:06:22 on the 23rd, billed 182 hours to the end of the month; here 31 Jan to 1 Feb.
        Assert.Equal(14, slots.Count(anchor, BillingScenario.At("2031-02-01T00:00:00Z")));
        Assert.Equal(1, slots.Count(anchor, anchor.AddMinutes(1)));
        Assert.Equal(0, slots.Count(anchor.AddMinutes(1), anchor.AddMinutes(59)));
        // Cut anywhere, the parts add up to the whole.
        var cut = anchor.AddHours(5).AddMinutes(17);
        var end = anchor.AddDays(3).AddSeconds(1);
        Assert.Equal(slots.Count(anchor, end), slots.Count(anchor, cut) + slots.Count(cut, end));
        Assert.Equal(0, slots.Count(end, anchor));
        Assert.Equal(1, slots.Count(anchor.AddHours(-5), anchor.AddSeconds(1)));
    }
}
