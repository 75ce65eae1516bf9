using System.Text.Json;

namespace OpenEcs.Cli.Config;

/// <summary>
/// Reads and writes the config file: $ECS_CONFIG, else ecs/config.json under the user's config folder
/// ($XDG_CONFIG_HOME or ~/.config; %APPDATA% on Windows). It holds secrets, so on Unix the folder is 0700 and the file
/// 0600, and it is replaced whole (written beside, then renamed) so that a crash never leaves half a file.
/// </summary>
internal sealed class ConfigStore(string path)
{
    public string Path { get; } = path;

    public static ConfigStore Default()
    {
        if (Environment.GetEnvironmentVariable("ECS_CONFIG") is { Length: > 0 } explicitPath) return new ConfigStore(explicitPath);
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(folder)) throw new CliException("cannot find the user's config folder: set HOME, XDG_CONFIG_HOME or ECS_CONFIG");
        return new ConfigStore(System.IO.Path.Combine(folder, "ecs", "config.json"));
    }

    public CliConfig Load()
    {
        if (!File.Exists(Path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path), CliConfigJsonContext.Default.CliConfig) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException($"the config file {Path} is damaged ({e.Message.Split('.')[0]}); fix or delete it and log in again");
        }
    }

    public void Save(CliConfig config)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, config, CliConfigJsonContext.Default.CliConfig);
            stream.WriteByte((byte)'\n');
        }
        // FileMode.Create keeps the mode of a leftover temp file: set it again before the file becomes visible.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, Path, overwrite: true);
    }
}
