using Spectre.Console;

namespace Ferry.Cli.Output;

/// <summary>A table the way every command prints one: boxed on a terminal, plain padded columns otherwise.</summary>
internal static class TableOutput
{
    public static void Write(CliContext context, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, string? title = null)
    {
        if (!context.IsTerminal)
        {
            PlainTable.Write(Console.Out, headers, rows);
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        if (title is not null) table.Title(title);
        foreach (var h in headers) table.AddColumn(h);
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        context.Ansi.Write(table);
    }
}
