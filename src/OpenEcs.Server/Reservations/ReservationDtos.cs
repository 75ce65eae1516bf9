using System.Text.Json.Serialization;
using OpenEcs.Core.Reservations;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Reservations;

/// <summary>
/// A reserved period as the docs show it (<c>reserved_month</c>) and as ecsapi reads it (<c>reserved_months</c>): both.
/// <c>status</c> only on the answer to POST /servers/{name}/reserved.
/// </summary>
public sealed record ReservedPlanDto(
    long ReservedPlan, int ReservedMonth, int ReservedMonths, int Plan, int Discount, string StartDate, string EndDate, string Server,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null);

public sealed record ReserveRequest(string? ReservedPlan) : JsonBody<ReserveRequest, ReservationsJson>;

public static class ReservationMapping
{
    public static ReservedPlanDto ToDto(this Reservation r, string? status = null) => new(
        r.Id, r.Months, r.Months, r.PlanId, r.Discount, WireJson.Timestamp(r.Start), WireJson.Timestamp(r.End), r.ServerName, status);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ReservedPlanDto))]
[JsonSerializable(typeof(ReserveRequest))]
public sealed partial class ReservationsJson : JsonSerializerContext, IWireContext<ReservationsJson>
{
    public static ReservationsJson Wire { get; } = new(WireJson.CreateOptions());
}
