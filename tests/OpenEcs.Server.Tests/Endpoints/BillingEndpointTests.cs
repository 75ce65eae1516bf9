using System.Net;
using OpenEcs.Server.Tests.Billing;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>GET /billing/servers|templates|snapshots/{year}/{month}, JSON and CSV, in the docs' shapes.</summary>
public sealed class BillingEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static readonly string[] ServerRow =
    [
        "plan:string", "name:string", "group:string?", "notes:string", "status:string", "year:int", "month:int", "creation_date:time",
        "deletion_date:time?", "billed_hours:int", "cost:number", "summary:object",
    ];

    private static readonly string[] Summary =
    [
        "online_hour:int", "online_price:number", "offline_hour:int", "offline_discount:int", "offline_price:number",
        "offline_reduction:number", "reserved_discounts:array", "original_cost:number",
    ];

    private static readonly string[] ReservedDiscount =
    [
        "reserved_plan:int", "reserved_hour:int", "reserved_discount:int", "reserved_price:number", "reserved_reduction:number",
        "reserved_start_date:time", "reserved_end_date:time",
    ];

    private static readonly string[] TemplateRow =
    [
        "cost:number", "name:string", "status:string", "creation_date:time", "deletion_date:time?", "notes:string", "year:int",
        "month:int", "hours:int", "size_on_disk:int",
    ];

    private static string ThisMonth => $"{DateTime.UtcNow.Year}/{DateTime.UtcNow.Month}";

    [Fact]
    public async Task This_months_servers_are_rows_in_the_docs_shape_and_the_csv_says_the_same()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("billed");
        var reserved = (string)(await me.Api.PostJsonAsync("servers", new { plan = "eCS1", image = "debian-12", location = "it-fr2", notes = "r", reserved_plan = "M6PeCS1", support = "basic" }))
            .AssertOk()["server"]!["name"]!;
        await other.Api.CreateBootedServerAsync("not mine");

        var rows = (await me.Api.GetJsonAsync($"billing/servers/{ThisMonth}?type=json")).AssertOk().AsArray();
        Assert.Equal(new[] { name, reserved }, rows.Select(r => (string)r!["name"]!).ToArray());
        foreach (var row in rows)
        {
            Wire.Shape(row, ServerRow);
            Wire.Shape(row!["summary"], Summary);
            Assert.Equal(DateTime.UtcNow.Month, (int)row["month"]!);
            Assert.Equal(1, (long)row["billed_hours"]!);
        }
        var plain = rows[0]!;
        Assert.Equal(("eCS1", "billed", "Booted"), ((string)plain["plan"]!, (string)plain["notes"]!, (string)plain["status"]!));
        Assert.Equal(0.02m, (decimal)plain["cost"]!);
        Assert.Equal(1, (long)plain["summary"]!["online_hour"]!);
        Assert.Equal(0, (int)plain["summary"]!["offline_discount"]!);

        var withTerms = rows[1]!["summary"]!;
        var discount = Wire.Shape(Assert.Single(withTerms["reserved_discounts"]!.AsArray()), ReservedDiscount);
        Assert.Equal((1, 15), ((long)discount["reserved_hour"]!, (int)discount["reserved_discount"]!));
        Assert.Equal(0, (long)withTerms["online_hour"]!);
        Assert.Equal(("basic", 29m), ((string?)withTerms["support_code"], (decimal)withTerms["support_price"]!));
        Assert.Equal(29.02m, (decimal)rows[1]!["cost"]!);

        var csv = await BillingTests.CsvAsync(me.Api, $"billing/servers/{ThisMonth}?type=csv");
        Assert.Equal(rows.Select(r => (string)r!["name"]!), csv.Select(l => l["name"]));
        Assert.Equal(rows.Select(r => (decimal)r!["cost"]!), csv.Select(l => decimal.Parse(l["cost"], System.Globalization.CultureInfo.InvariantCulture)));
        // A month before the account's servers, and one to come: nothing.
        Assert.Empty((await me.Api.GetJsonAsync("billing/servers/2020/1")).AssertOk().AsArray());
        Assert.Empty((await me.Api.GetJsonAsync($"billing/servers/{DateTime.UtcNow.Year + 1}/1")).AssertOk().AsArray());
    }

    [Fact]
    public async Task Templates_and_snapshots_answer_in_their_shapes()
    {
        using var me = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("source");
        var created = (await me.Api.PostJsonAsync("templates", new { server, notes = "MyDemo" })).AssertOk();
        await me.Api.WaitForActionAsync((long)created["action_id"]!);
        var row = Wire.Shape(Assert.Single((await me.Api.GetJsonAsync($"billing/templates/{ThisMonth}")).AssertOk().AsArray()), TemplateRow);
        Assert.Equal(((string)created["template"]!["name"]!, "MyDemo", "Created", 1L), ((string)row["name"]!, (string)row["notes"]!, (string)row["status"]!, (long)row["hours"]!));
        Assert.Equal(20L * 1024 * 1024, (long)row["size_on_disk"]!);
        Assert.Equal(0.0m, (decimal)row["cost"]!); // 20 GiB for one hour: 0.0028, 0.00 in cents
        var csv = Assert.Single(await BillingTests.CsvAsync(me.Api, $"billing/templates/{ThisMonth}?type=csv"));
        Assert.Equal((string)row["name"]!, csv["name"]);

        var snapshots = Wire.Shape((await me.Api.GetJsonAsync($"billing/snapshots/{ThisMonth}")).AssertOk(),
            "year:int", "month:int", "total_cost:number", "rows_count:int", "snapshots:array");
        Assert.Equal((DateTime.UtcNow.Year, 0, 0), ((int)snapshots["year"]!, (int)snapshots["rows_count"]!, snapshots["snapshots"]!.AsArray().Count));
        Assert.Empty(await BillingTests.CsvAsync(me.Api, $"billing/snapshots/{ThisMonth}?type=csv"));
    }

    [Theory]
    [InlineData("billing/servers/2031/13", HttpStatusCode.BadRequest, "month must be between 1 and 12")]
    [InlineData("billing/servers/2031/0", HttpStatusCode.BadRequest, "month")]
    [InlineData("billing/servers/2031/june", HttpStatusCode.BadRequest, "month 'june'")]
    [InlineData("billing/templates/1999/1", HttpStatusCode.BadRequest, "year must be between")]
    [InlineData("billing/snapshots/20x1/1", HttpStatusCode.BadRequest, "year '20x1'")]
    [InlineData("billing/servers/2031/1?type=xml", HttpStatusCode.BadRequest, "type 'xml'")]
    [InlineData("billing/networks/2031/1", HttpStatusCode.NotFound, "no such endpoint")]
    [InlineData("billing/templates/2031/13", HttpStatusCode.BadRequest, "month")]
    [InlineData("billing/templates/2031/1?type=pdf", HttpStatusCode.BadRequest, "type 'pdf'")]
    [InlineData("billing/snapshots/2031/13", HttpStatusCode.BadRequest, "month")]
    [InlineData("billing/snapshots/99999/1", HttpStatusCode.BadRequest, "year")]
    [InlineData("billing/snapshots/2031/1?type=yaml", HttpStatusCode.BadRequest, "type")]
    public async Task Bad_months_and_types_are_refused(string path, HttpStatusCode status, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.GetJsonAsync(path)).AssertError(status, message);
    }

    [Fact]
    public async Task Bills_need_the_account_itself()
    {
        foreach (var kind in new[] { "servers", "templates", "snapshots" })
            (await fx.Anonymous().GetJsonAsync($"billing/{kind}/{ThisMonth}")).AssertError(HttpStatusCode.Unauthorized);
        using var me = await fx.AccountAsync();
        var group = (await me.Api.PostJsonAsync("groups", new { notes = "g", password = "group-secret" })).AssertOk()["group"]!;
        var login = (await fx.Anonymous().PostJsonAsync("login", new { username = (string)group["name"]!, password = "group-secret" })).AssertOk();
        using var sub = fx.Server.BearerClient((string)login["token"]!);
        (await sub.GetJsonAsync($"billing/servers/{ThisMonth}")).AssertError(HttpStatusCode.Forbidden);
        (await sub.GetJsonAsync($"billing/templates/{ThisMonth}?type=csv")).AssertError(HttpStatusCode.Forbidden);
        (await sub.GetJsonAsync($"billing/snapshots/{ThisMonth}")).AssertError(HttpStatusCode.Forbidden);
        (await sub.GetJsonAsync("logs")).AssertError(HttpStatusCode.Forbidden);
    }
}
