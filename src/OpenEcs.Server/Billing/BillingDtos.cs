using System.Text.Json.Serialization;
using OpenEcs.Core.Billing;
using OpenEcs.Core.Catalog;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Billing;

// The docs' shapes: servers and templates are bare arrays of rows; snapshots an object with its rows. OpenECS adds the
// support plan and the hourly price to a server row's summary (extra keys).

public sealed record ReservedDiscountDto(
    long ReservedPlan, long ReservedHour, int ReservedDiscount, decimal ReservedPrice, decimal ReservedReduction,
    string ReservedStartDate, string ReservedEndDate, int ReservedMonths);

public sealed record ServerBillSummaryDto(
    long OnlineHour, decimal OnlinePrice, long OfflineHour, int OfflineDiscount, decimal OfflinePrice, decimal OfflineReduction,
    IReadOnlyList<ReservedDiscountDto> ReservedDiscounts, decimal OriginalCost, string? SupportCode, decimal SupportPrice, decimal HourlyPrice);

public sealed record ServerBillDto(
    string Plan, string Name, string? Group, string Notes, string Status, int Year, int Month, string CreationDate, string? DeletionDate,
    long BilledHours, decimal Cost, ServerBillSummaryDto Summary);

public sealed record TemplateBillDto(
    decimal Cost, string Name, string Status, string CreationDate, string? DeletionDate, string Notes, int Year, int Month, long Hours,
    long SizeOnDisk);

public sealed record SnapshotBillDto(
    long Snapshot, string SnapshotName, string SnapshotStatus, string SnapshotStatusLabel, string SnapshotDescription,
    string SnapshotCreatedAt, string? SnapshotDeletedAt, long SizeOnDisk, long Hours, decimal FinalCost);

public sealed record SnapshotBillsDto(int Year, int Month, decimal TotalCost, int RowsCount, IReadOnlyList<SnapshotBillDto> Snapshots);

public static class BillingMapping
{
    public static ServerBillDto ToDto(this ServerBill b) => new(
        b.Server.Plan, b.Server.Name, b.Server.Group?.Name, b.Server.Notes, b.Server.Status, b.Year, b.Month,
        WireJson.Timestamp(b.Server.CreationDate), WireJson.Timestamp(b.Server.DeletionDate), b.BilledHours, b.Cost,
        new ServerBillSummaryDto(b.OnlineHours, b.OnlinePrice, b.OfflineHours, b.OfflineDiscount, b.OfflinePrice, b.OfflineReduction,
            b.Reserved.Select(r => new ReservedDiscountDto(r.ReservationId, r.Hours, r.Discount, r.Price, r.Reduction,
                WireJson.Timestamp(r.Start), WireJson.Timestamp(r.End), r.Months)).ToList(),
            b.OriginalCost, b.SupportCode, b.SupportPrice, b.HourlyPrice));

    public static TemplateBillDto ToTemplateDto(this StorageBill b) => new(
        b.Cost, b.Name, b.Template?.Status ?? (b.Deleted ? "Deleted" : "Created"), WireJson.Timestamp(b.CreatedAt),
        WireJson.Timestamp(b.DeletedAt), b.Template?.Notes ?? "", b.Year, b.Month, b.Hours, b.SizeOnDisk);

    /// <summary>The docs' status words for a snapshot row: CD Created, DD Deleted.</summary>
    public static SnapshotBillDto ToSnapshotDto(this StorageBill b) => new(
        b.Id, b.Name, b.Deleted ? "DD" : "CD", b.Deleted ? "Deleted" : "Created", "", WireJson.Timestamp(b.CreatedAt),
        WireJson.Timestamp(b.DeletedAt), b.SizeOnDisk, b.Hours, b.Cost);

    /// <summary>One CSV line per JSON row, the same figures (a server's reserved periods summed).</summary>
    public static BillingCsv ServersCsv(IReadOnlyList<ServerBillDto> rows) => new(
        ["plan", "name", "group", "notes", "status", "year", "month", "creation_date", "deletion_date", "billed_hours", "cost",
            "online_hour", "online_price", "offline_hour", "offline_discount", "offline_price", "offline_reduction", "reserved_hour",
            "reserved_price", "reserved_reduction", "support_code", "support_price", "original_cost"],
        rows.Select(r => new object?[]
        {
            r.Plan, r.Name, r.Group, r.Notes, r.Status, r.Year, r.Month, r.CreationDate, r.DeletionDate, r.BilledHours, r.Cost,
            r.Summary.OnlineHour, r.Summary.OnlinePrice, r.Summary.OfflineHour, r.Summary.OfflineDiscount, r.Summary.OfflinePrice,
            r.Summary.OfflineReduction, r.Summary.ReservedDiscounts.Sum(d => d.ReservedHour), r.Summary.ReservedDiscounts.Sum(d => d.ReservedPrice),
            r.Summary.ReservedDiscounts.Sum(d => d.ReservedReduction), r.Summary.SupportCode, r.Summary.SupportPrice, r.Summary.OriginalCost,
        }).ToList());

    public static BillingCsv TemplatesCsv(IReadOnlyList<TemplateBillDto> rows) => new(
        ["name", "status", "notes", "year", "month", "creation_date", "deletion_date", "hours", "size_on_disk", "cost"],
        rows.Select(r => new object?[] { r.Name, r.Status, r.Notes, r.Year, r.Month, r.CreationDate, r.DeletionDate, r.Hours, r.SizeOnDisk, r.Cost })
            .ToList());

    public static BillingCsv SnapshotsCsv(SnapshotBillsDto bills) => new(
        ["snapshot", "snapshot_name", "snapshot_status", "snapshot_status_label", "snapshot_description", "snapshot_created_at",
            "snapshot_deleted_at", "size_on_disk", "hours", "final_cost"],
        bills.Snapshots.Select(r => new object?[]
        {
            r.Snapshot, r.SnapshotName, r.SnapshotStatus, r.SnapshotStatusLabel, r.SnapshotDescription, r.SnapshotCreatedAt,
            r.SnapshotDeletedAt, r.SizeOnDisk, r.Hours, r.FinalCost,
        }).ToList());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(List<ServerBillDto>))]
[JsonSerializable(typeof(List<TemplateBillDto>))]
[JsonSerializable(typeof(SnapshotBillsDto))]
public sealed partial class BillingJson : JsonSerializerContext, IWireContext<BillingJson>
{
    public static BillingJson Wire { get; } = new(WireJson.CreateOptions());
}
