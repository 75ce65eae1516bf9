using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Catalog;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// <c>&lt;ImagesDir&gt;/&lt;folder&gt;/image.json</c>: one bootable image. Paths are relative to the manifest's folder.
/// <c>seed</c> is <c>cidata</c> (a NoCloud iso9660 disk, for cloud images) or <c>initrd</c> (the seed files appended to
/// the initramfs, for direct-boot images without disk drivers); <c>ready_marker</c> is the serial-console line that says
/// the guest is up (empty: a login prompt). <c>default_user</c> is the account the server's ssh key and password are
/// given to (default <c>ecuser</c>, with passwordless sudo, as SkyPilot expects); <c>root_login</c> (default true)
/// lets root log in with the key too.
/// </summary>
public sealed partial record ImageManifest(
    string Name, string? Label, string Disk, string? Kernel, string? Initrd, string? Cmdline, string? Seed,
    string? ReadyMarker, int RequiredDiskGb, string? DefaultUser = null, bool? RootLogin = null)
{
    public const string StandardUser = "ecuser";

    [JsonIgnore] public string Folder { get; init; } = "";

    /// <summary>
    /// The serial-console line the guest prints when the user script has ended, followed by its exit status (e.g.
    /// <c>OPENECS-SCRIPT-END 0</c>); empty: the image runs the script before it says it is ready, and the server goes
    /// straight to Booted.
    /// </summary>
    public string? ScriptEndMarker { get; init; }

    public string DiskPath => Path.Combine(Folder, Disk);
    public string? KernelPath => Kernel is null ? null : Path.Combine(Folder, Kernel);
    public string? InitrdPath => Initrd is null ? null : Path.Combine(Folder, Initrd);
    public bool SeedInInitrd => string.Equals(Seed, "initrd", StringComparison.OrdinalIgnoreCase) && Initrd is not null;
    /// <summary>Cloud images print cloud-init's final message; a login prompt is the last resort.</summary>
    public string Marker => string.IsNullOrEmpty(ReadyMarker) ? "login:" : ReadyMarker;
    public string User => string.IsNullOrEmpty(DefaultUser) ? StandardUser : DefaultUser;
    public bool RootMayLogIn => RootLogin ?? true;

    /// <summary>A user name the guest's tools accept (and that cannot break the seed's YAML).</summary>
    public static bool IsUserName(string name) => UserName().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial System.Text.RegularExpressions.Regex UserName();
}

/// <summary>
/// The images folder, read at start-up; its images join the plan catalog (see <see cref="IImageSource"/>). Templates
/// are images too, in <c>&lt;DataDir&gt;/templates/&lt;name&gt;/</c> with the same manifest: private to their account,
/// so they are found by name and never listed in the catalog.
/// </summary>
public sealed partial class QemuImages : IImageSource
{
    private readonly Dictionary<string, ImageManifest> _manifests = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where captured templates live.</summary>
    public string TemplatesRoot { get; }

    public QemuImages(IOptions<OpenEcsOptions> ecs, IOptions<QemuOptions> qemu)
    {
        TemplatesRoot = Path.Combine(ecs.Value.FullDataDir, "templates");
        // Only the QEMU driver offers these; the simulator keeps the catalog as it is.
        if (!ecs.Value.Hypervisor.IsQemu) return;
        var root = qemu.Value.ImagesPath(ecs.Value);
        if (!Directory.Exists(root)) return;
        foreach (var file in Directory.EnumerateFiles(root, "image.json", SearchOption.AllDirectories).Order())
        {
            using var stream = File.OpenRead(file);
            ImageManifest manifest;
            try
            {
                manifest = JsonSerializer.Deserialize(stream, ManifestJson.Default.ImageManifest)
                           ?? throw new InvalidDataException("empty");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"image manifest {file} is not valid: {e.Message}", e);
            }
            if (!ImageManifest.IsUserName(manifest.User))
                throw new InvalidDataException($"image manifest {file}: default_user '{manifest.User}' is not a valid user name (lower case letters, digits, _ and -)");
            _manifests.TryAdd(manifest.Name, manifest with { Folder = Path.GetDirectoryName(file)! });
        }
    }

    /// <summary>An image of the images folder, or a template (one whose delete waits for its last VM included).</summary>
    public ImageManifest? Find(string name) => _manifests.GetValueOrDefault(name) ?? FindTemplate(name);

    public string TemplateFolder(string name) =>
        SafeName().IsMatch(name) ? Path.Combine(TemplatesRoot, name) : throw new ArgumentException($"'{name}' is not a template name");

    public ImageManifest? FindTemplate(string name)
    {
        if (!SafeName().IsMatch(name)) return null;
        var file = Path.Combine(TemplatesRoot, name, "image.json");
        if (!File.Exists(file)) return null;
        using var stream = File.OpenRead(file);
        return JsonSerializer.Deserialize(stream, ManifestJson.Default.ImageManifest) is { } manifest
            ? manifest with { Folder = Path.GetDirectoryName(file)! }
            : null;
    }

    /// <summary>Registers a template: its manifest is written last, so a template is there whole or not at all.</summary>
    public static void WriteManifest(string folder, ImageManifest manifest)
    {
        var tmp = Path.Combine(folder, "image.json.part");
        File.WriteAllText(tmp, JsonSerializer.Serialize(manifest, ManifestJson.Default.ImageManifest));
        File.Move(tmp, Path.Combine(folder, "image.json"), overwrite: true);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex SafeName();

    public IEnumerable<Image> Images => _manifests.Values.Select(m => new Image(
        // Stable ids clear of the catalog's small ones, so a restart does not renumber an image.
        Id: 100_000 + (int)(BitConverter.ToUInt32(Hash(m.Name)) % 900_000), Name: m.Name, Description: m.Label ?? m.Name,
        Notes: "QEMU image from " + m.Folder, SoBase: "linux", Version: "", RequiredDisk: m.RequiredDiskGb,
        ApiVersionValue: 2, CloudImage: true, CreationDate: File.GetLastWriteTimeUtc(m.DiskPath),
        Uuid: new Guid(Hash(m.Name).AsSpan(0, 16))));

    private static byte[] Hash(string name) => SHA256.HashData(Encoding.UTF8.GetBytes(name));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ImageManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
