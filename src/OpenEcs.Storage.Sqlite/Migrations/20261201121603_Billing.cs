using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenEcs.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Billing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Host",
                table: "Servers",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupportCode",
                table: "Servers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SupportSince",
                table: "Servers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfflineAvailable",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ReservedAvailable",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "AuditLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Result = table.Column<int>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLogs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false),
                    Discount = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reservations_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServerIsolations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: false),
                    IsolatedFromId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerIsolations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServerIsolations_Servers_IsolatedFromId",
                        column: x => x.IsolatedFromId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServerIsolations_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UsageIntervals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResourceName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Meter = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Rate = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Quantity = table.Column<double>(type: "REAL", nullable: false),
                    Reference = table.Column<long>(type: "INTEGER", nullable: true),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    Until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageIntervals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Servers_Location_Host",
                table: "Servers",
                columns: new[] { "Location", "Host" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLogs_AccountId_Id",
                table: "AuditLogs",
                columns: new[] { "AccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLogs_CreatedAt",
                table: "AuditLogs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_ServerId_End",
                table: "Reservations",
                columns: new[] { "ServerId", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_ServerIsolations_IsolatedFromId",
                table: "ServerIsolations",
                column: "IsolatedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_ServerIsolations_ServerId_IsolatedFromId",
                table: "ServerIsolations",
                columns: new[] { "ServerId", "IsolatedFromId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageIntervals_AccountId_Kind_From",
                table: "UsageIntervals",
                columns: new[] { "AccountId", "Kind", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageIntervals_Kind_ResourceId",
                table: "UsageIntervals",
                columns: new[] { "Kind", "ResourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageIntervals_Open",
                table: "UsageIntervals",
                columns: new[] { "Kind", "ResourceId", "Meter" },
                unique: true,
                filter: "\"Until\" IS NULL");

            // Hand-written: the ledger of what already exists, from its creation (accounts may buy reserved periods,
            // as before). The same SQL on both stores: each column keeps its store's own type.
            migrationBuilder.Sql("""
                INSERT INTO "UsageIntervals" ("AccountId", "Kind", "ResourceId", "ResourceName", "Meter", "State", "Rate", "Quantity", "From")
                SELECT "AccountId", 'server', "Id", "Name", 'hours', CASE WHEN "PowerState" = 'SHUTOFF' AND "Status" <> 'Booting' THEN 'offline' ELSE 'online' END,
                       "Plan", 1, "CreationDate"
                FROM "Servers" WHERE "Status" NOT IN ('Deleted', 'Failed')
                """);
            migrationBuilder.Sql("""
                INSERT INTO "UsageIntervals" ("AccountId", "Kind", "ResourceId", "ResourceName", "Meter", "State", "Rate", "Quantity", "From")
                SELECT "AccountId", 'template', "Id", "Name", 'storage', '', '', "RequiredDisk", "CreationDate"
                FROM "Templates" WHERE "Status" IN ('Created', 'Deleting')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditLogs");

            migrationBuilder.DropTable(
                name: "Reservations");

            migrationBuilder.DropTable(
                name: "ServerIsolations");

            migrationBuilder.DropTable(
                name: "UsageIntervals");

            migrationBuilder.DropIndex(
                name: "IX_Servers_Location_Host",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "Host",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "SupportCode",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "SupportSince",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "OfflineAvailable",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ReservedAvailable",
                table: "Accounts");
        }
    }
}
