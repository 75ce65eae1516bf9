using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenEcs.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Scripts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SourceSnapshotId",
                table: "Templates",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastRestoredSnapshotId",
                table: "Servers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserCustomizeEnv",
                table: "Servers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Queue",
                table: "Actions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Actions already in the store wait in their own resource's queue, as before queues were named.
            migrationBuilder.Sql("UPDATE \"Actions\" SET \"Queue\" = \"Resource\";");

            migrationBuilder.AddColumn<long>(
                name: "SnapshotId",
                table: "Actions",
                type: "bigint",
                nullable: true);

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

            migrationBuilder.InsertData(
                table: "ClusterLeases",
                columns: new[] { "Name", "Owner", "Until" },
                values: new object[] { "snapshot-scheduler", null, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "IX_Servers_LastRestoredSnapshotId",
                table: "Servers",
                column: "LastRestoredSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_Queue_Status",
                table: "Actions",
                columns: new[] { "Queue", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Scripts_AccountId",
                table: "Scripts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Scripts_Public",
                table: "Scripts",
                column: "Public");

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

            migrationBuilder.AddForeignKey(
                name: "FK_Servers_Snapshots_LastRestoredSnapshotId",
                table: "Servers",
                column: "LastRestoredSnapshotId",
                principalTable: "Snapshots",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Servers_Snapshots_LastRestoredSnapshotId",
                table: "Servers");

            migrationBuilder.DropTable(
                name: "Scripts");

            migrationBuilder.DropTable(
                name: "SnapshotSchedules");

            migrationBuilder.DropTable(
                name: "Snapshots");

            migrationBuilder.DropIndex(
                name: "IX_Servers_LastRestoredSnapshotId",
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
                name: "LastRestoredSnapshotId",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "UserCustomizeEnv",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "Queue",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "SnapshotId",
                table: "Actions");
        }
    }
}
