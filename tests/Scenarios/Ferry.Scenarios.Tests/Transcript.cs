using System.Text;

namespace Ferry.Scenarios.Tests;

/// <summary>Compares transcripts and describes the first difference.</summary>
public static class Transcript
{
    public static int LineCount(string s) => s.Length == 0 ? 0 : s.Split('\n').Length - (s.EndsWith('\n') ? 1 : 0);

    /// <summary>Null if equal; otherwise a description naming the first differing line.</summary>
    public static string? Diff(string expected, string actual)
    {
        if (expected == actual) return null;
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        int n = Math.Min(e.Length, a.Length);
        int i = 0;
        while (i < n && e[i] == a[i]) i++;
        var sb = new StringBuilder();
        sb.Append($"transcript differs at line {i + 1} (expected {LineCount(expected)} lines, got {LineCount(actual)})\n");
        if (i > 0) sb.Append($"    line {i}:  {Show(e[i - 1])}  (same in both)\n");
        sb.Append($"  expected:  {(i < e.Length ? Show(e[i]) : "<end of output>")}\n");
        sb.Append($"  actual:    {(i < a.Length ? Show(a[i]) : "<end of output>")}");
        if (i + 1 < a.Length && i + 1 < e.Length) sb.Append($"\n  next expected: {Show(e[i + 1])}\n  next actual:   {Show(a[i + 1])}");
        return sb.ToString();
    }

    private static string Show(string line)
    {
        string s = line.Length > 160 ? line[..160] + "..." : line;
        return "\"" + s.Replace("\r", "\\r").Replace("\t", "\\t") + "\"";
    }
}
