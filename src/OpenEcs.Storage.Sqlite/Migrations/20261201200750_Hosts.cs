using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenEcs.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Hosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Hosts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cpu = table.Column<int>(type: "INTEGER", nullable: false),
                    RamMb = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskGb = table.Column<int>(type: "INTEGER", nullable: false),
                    Gpu = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cordoned = table.Column<bool>(type: "INTEGER", nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    CredentialHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JoinedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHeartbeat = table.Column<long>(type: "INTEGER", nullable: true),
                    ConnectedTo = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Hosts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Hosts_Name",
                table: "Hosts",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Hosts_Region",
                table: "Hosts",
                column: "Region");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Hosts");
        }
    }
}
