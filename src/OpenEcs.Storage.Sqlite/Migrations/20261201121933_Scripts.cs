using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenEcs.Storage.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastRestoredSnapshotId",
                table: "Servers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserCustomizeEnv",
                table: "Servers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Queue",
                table: "Actions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Actions already in the store wait in their own resource's queue, as before queues were named.
            migrationBuilder.Sql("UPDATE \"Actions\" SET \"Queue\" = \"Resource\";");

            migrationBuilder.AddColumn<long>(
                name: "SnapshotId",
                table: "Actions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Scripts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Windows = table.Column<bool>(type: "INTEGER", nullable: false),
                    Public = table.Column<bool>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Scripts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotSchedules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    DayOfWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    Minute = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxRetention = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunStatus = table.Column<string>(type: "TEXT", nullable: true),
                    LastRunMessage = table.Column<string>(type: "TEXT", nullable: true),
                    NextRunAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Username = table.Column<string>(type: "TEXT", nullable: false),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceServer = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Protected = table.Column<bool>(type: "INTEGER", nullable: false),
                    Restoring = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Uid = table.Column<Guid>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", nullable: false),
                    ActiveFlag = table.Column<bool>(type: "INTEGER", nullable: false),
                    SizeOnDisk = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ScheduledFor = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                values: new object[] { "snapshot-scheduler", null, 621355968000000000L });

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
