using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenEcs.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ActionQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Templates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SshPort",
                table: "Servers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BeganAt",
                table: "Actions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledBy",
                table: "Actions",
                type: "INTEGER",
                nullable: true);

            // Actions in progress at the upgrade resume on their original schedule.
            migrationBuilder.Sql("UPDATE \"Actions\" SET \"BeganAt\" = \"StartedAt\" WHERE \"Status\" = 'in-progress'");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_Resource_Status",
                table: "Actions",
                columns: new[] { "Resource", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Actions_Resource_Status",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Templates");

            migrationBuilder.DropColumn(
                name: "SshPort",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "BeganAt",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                table: "Actions");
        }
    }
}
