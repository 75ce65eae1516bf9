namespace OpenEcs.Panel.Hosting;

/// <summary>URLs of the panel's embedded assets, versioned by build.</summary>
public static class Asset
{
    public static string Url(string file) => $"{PanelHosting.AssetsPath}/{file}?v={PanelHosting.AssetVersion}";
}
