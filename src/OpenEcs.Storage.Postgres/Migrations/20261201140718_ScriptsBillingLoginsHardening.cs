using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenEcs.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScriptsBillingLoginsHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SourceSnapshotId",
                table: "Templates",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Host",
                table: "Servers",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastRestoredSnapshotId",
                table: "Servers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PasswordHash",
                table: "Servers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupportCode",
                table: "Servers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SupportSince",
                table: "Servers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserCustomizeEnv",
                table: "Servers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CredentialVersion",
                table: "Groups",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "FromConfiguration",
                table: "ApiKeys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Queue",
                table: "Actions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "SnapshotId",
                table: "Actions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CredentialVersion",
                table: "Accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "OfflineAvailable",
                table: "Accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ReservedAvailable",
                table: "Accounts",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "AuditLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Target = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IpAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Result = table.Column<int>(type: "integer", nullable: true),
                    Description = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLogs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    ServerId = table.Column<long>(type: "bigint", nullable: false),
                    ServerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    PlanName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Months = table.Column<int>(type: "integer", nullable: false),
                    Discount = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "Scripts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Username = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Windows = table.Column<bool>(type: "boolean", nullable: false),
                    Public = table.Column<bool>(type: "boolean", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Scripts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServerIsolations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    ServerId = table.Column<long>(type: "bigint", nullable: false),
                    IsolatedFromId = table.Column<long>(type: "bigint", nullable: false)
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
                name: "SnapshotSchedules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    ServerId = table.Column<long>(type: "bigint", nullable: false),
                    ServerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    DayOfWeek = table.Column<int>(type: "integer", nullable: false),
                    Hour = table.Column<int>(type: "integer", nullable: false),
                    Minute = table.Column<int>(type: "integer", nullable: false),
                    MaxRetention = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRunStatus = table.Column<string>(type: "text", nullable: true),
                    LastRunMessage = table.Column<string>(type: "text", nullable: true),
                    NextRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Username = table.Column<string>(type: "text", nullable: false),
                    ServerId = table.Column<long>(type: "bigint", nullable: false),
                    SourceServer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Protected = table.Column<bool>(type: "boolean", nullable: false),
                    Restoring = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Uid = table.Column<Guid>(type: "uuid", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Notes = table.Column<string>(type: "text", nullable: false),
                    ActiveFlag = table.Column<bool>(type: "boolean", nullable: false),
                    SizeOnDisk = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ScheduledFor = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Snapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Snapshots_Snapshots_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Snapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "UsageIntervals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ResourceId = table.Column<long>(type: "bigint", nullable: false),
                    ResourceName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Meter = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Rate = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Quantity = table.Column<double>(type: "double precision", nullable: false),
                    Reference = table.Column<long>(type: "bigint", nullable: true),
                    From = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageIntervals", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "ClusterLeases",
                columns: new[] { "Name", "Owner", "Until" },
                values: new object[] { "snapshot-scheduler", null, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "IX_Servers_LastRestoredSnapshotId",
                table: "Servers",
                column: "LastRestoredSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_Location_Host",
                table: "Servers",
                columns: new[] { "Location", "Host" });

            migrationBuilder.CreateIndex(
                name: "IX_Actions_Queue_Status",
                table: "Actions",
                columns: new[] { "Queue", "Status" });

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
                name: "IX_Scripts_AccountId",
                table: "Scripts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Scripts_Public",
                table: "Scripts",
                column: "Public");

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
                name: "IX_SnapshotSchedules_Enabled_NextRunAt",
                table: "SnapshotSchedules",
                columns: new[] { "Enabled", "NextRunAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotSchedules_ServerId",
                table: "SnapshotSchedules",
                column: "ServerId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_Name",
                table: "Snapshots",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_ParentId",
                table: "Snapshots",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_ServerId_ScheduledFor",
                table: "Snapshots",
                columns: new[] { "ServerId", "ScheduledFor" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_ServerId_Status",
                table: "Snapshots",
                columns: new[] { "ServerId", "Status" });

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

            migrationBuilder.AddForeignKey(
                name: "FK_Servers_Snapshots_LastRestoredSnapshotId",
                table: "Servers",
                column: "LastRestoredSnapshotId",
                principalTable: "Snapshots",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Hand-written. Actions already in the store wait in their own resource's queue, as before queues were named.
            migrationBuilder.Sql("UPDATE \"Actions\" SET \"Queue\" = \"Resource\";");
            // The billing ledger of what already exists, from its creation (the same SQL on both stores: each column
            // keeps its store's own type).
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
            migrationBuilder.DropForeignKey(
                name: "FK_Servers_Snapshots_LastRestoredSnapshotId",
                table: "Servers");

            migrationBuilder.DropTable(
                name: "AuditLogs");

            migrationBuilder.DropTable(
                name: "Reservations");

            migrationBuilder.DropTable(
                name: "Scripts");

            migrationBuilder.DropTable(
                name: "ServerIsolations");

            migrationBuilder.DropTable(
                name: "SnapshotSchedules");

            migrationBuilder.DropTable(
                name: "Snapshots");

            migrationBuilder.DropTable(
                name: "UsageIntervals");

            migrationBuilder.DropIndex(
                name: "IX_Servers_LastRestoredSnapshotId",
                table: "Servers");

            migrationBuilder.DropIndex(
                name: "IX_Servers_Location_Host",
                table: "Servers");

            migrationBuilder.DropIndex(
                name: "IX_Actions_Queue_Status",
                table: "Actions");

            migrationBuilder.DeleteData(
                table: "ClusterLeases",
                keyColumn: "Name",
                keyValue: "snapshot-scheduler");

            migrationBuilder.DropColumn(
                name: "SourceSnapshotId",
                table: "Templates");

            migrationBuilder.DropColumn(
                name: "Host",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "LastRestoredSnapshotId",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "PasswordHash",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "SupportCode",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "SupportSince",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "UserCustomizeEnv",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "CredentialVersion",
                table: "Groups");

            migrationBuilder.DropColumn(
                name: "FromConfiguration",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "Queue",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "SnapshotId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "CredentialVersion",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "OfflineAvailable",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ReservedAvailable",
                table: "Accounts");
        }
    }
}
