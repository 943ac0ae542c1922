// StringBuilder: a chain of chunks (m_ChunkPrevious) that grows across safe points.
using System.Text;

namespace StringBuilding;

internal sealed class Report
{
    public readonly StringBuilder Body = new();
    public int Lines;
    public void Line(string s) { Body.Append(s).Append('\n'); Lines++; }
}

internal static class Program
{
    private static int Main()
    {
        var sb = new StringBuilder(16);
        for (int i = 0; i < 60; i++)
        {
            sb.Append("line ").Append(i).Append(": ");
            sb.Append('*', i % 40).Append(i % 7 == 0 ? " seven" : "").AppendLine();
        }
        Console.WriteLine($"big length={sb.Length} capacity>=length={sb.Capacity >= sb.Length}");

        var report = new Report();
        for (int i = 0; i < 15; i++) report.Line($"entry {i:D3} {new string((char)('a' + i), i)}");
        report.Body.Insert(0, "HEADER\n");
        report.Body.Replace("entry", "item");
        report.Body.Remove(7, 5);
        string text = report.Body.ToString();
        Console.WriteLine($"report lines={report.Lines} length={text.Length} head={text[..20].Replace('\n', '|')}");

        var fmt = new StringBuilder();
        for (int i = 0; i < 10; i++) fmt.AppendFormat("[{0,3}|{1:X2}]", i * i, i * 17);
        Console.WriteLine(fmt.ToString());

        string s = sb.ToString();
        int stars = s.AsSpan().Count('*');
        int sevens = 0;
        for (int p = s.IndexOf("seven", StringComparison.Ordinal); p >= 0; p = s.IndexOf("seven", p + 1, StringComparison.Ordinal)) sevens++;
        Console.WriteLine($"stars={stars} sevens={sevens} last line='{s.TrimEnd().Split('\n')[^1]}'");

        var check = new StringBuilder();
        for (int i = 0; i < 60; i++) check.Append($"line {i}: {new string('*', i % 40)}{(i % 7 == 0 ? " seven" : "")}{Environment.NewLine}");
        if (check.ToString() != s) return Fail(11, "big builder content");
        int expectStars = 0;
        for (int i = 0; i < 60; i++) expectStars += i % 40;
        if (stars != expectStars || sevens != 9) return Fail(12, "counts");
        if (!text.StartsWith("HEADER\n", StringComparison.Ordinal) || text.Contains("entry")) return Fail(13, "report");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
