using System.Globalization;
using OpenEcs.Client.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenEcs.Cli.Output;

/// <summary>The building blocks of human output: plain aligned tables, label/value lists, coloured states.</summary>
internal static class Views
{
    /// <summary>A table without borders, headers in bold, like `kubectl get`: one row per item.</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table().NoBorder();
        table.ShowHeaders = true;
        foreach (var header in headers) table.AddColumn(new TableColumn($"[bold]{header}[/]").PadLeft(0).PadRight(2));
        return table;
    }

    /// <summary>A row of plain text cells (escaped: notes may hold markup characters).</summary>
    public static Table Row(this Table table, params object?[] cells)
    {
        table.AddRow(cells.Select(Cell).ToArray());
        return table;
    }

    /// <summary>"Label  value" lines for one item.</summary>
    public static Grid Details(params (string Label, object? Value)[] rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        foreach (var (label, value) in rows) grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), Cell(value));
        return grid;
    }

    private static IRenderable Cell(object? value) => value switch
    {
        IRenderable r => r,
        null => new Text(""),
        DateTimeOffset t => new Text(Time(t)),
        _ => new Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    public static string Time(DateTimeOffset? t) => t is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>A lifecycle or action state, coloured by what it means (colour only reaches a terminal).</summary>
    public static Markup State(string state) => new(StateMarkup(state));

    /// <summary>The same, as markup text to put in a line.</summary>
    public static string StateMarkup(string state) => $"[{ColourOf(state)}]{Markup.Escape(state)}[/]";

    private static string ColourOf(string state) => state switch
    {
        ServerStatus.Booted or ActionStatus.Completed or PowerState.Running or "Created" => "green",
        ActionStatus.Failed or ServerStatus.Deleted => "red",
        PowerState.Shutoff => "grey",
        _ => "yellow",
    };

    public static string Percent(int progress) => progress.ToString(CultureInfo.InvariantCulture) + "%";
}
