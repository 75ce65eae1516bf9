using OpenEcs.Core.Reservations;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Reservations;

public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/servers/{name}/reserved", ReserveAsync).WithTags("Servers")
            .WithSummary("Buy a reserved period {reserved_plan: M{3|6|12|24}P{plan}}: it starts now, or where the current one ends");
        return api;
    }

    private static async Task<WireResult<ReservedPlanDto>> ReserveAsync(
        string name, ReserveRequest body, ReservationService reservations, CancellationToken ct)
    {
        var code = Fields.Required(body.ReservedPlan, "reserved_plan", 40);
        var reservation = await reservations.ReserveAsync(name, code, ct);
        return Wire.Ok(reservation.ToDto("ok"), ReservationsJson.Wire.ReservedPlanDto);
    }
}
