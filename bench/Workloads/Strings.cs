using System.Globalization;
using System.Text;

namespace BenchWorkloads;

public static class Strings
{
    private static readonly string[] Words =
    [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    ];

    public static long Run()
    {
        long h = 0;

        // Write a CSV report, then read it back: Split, parse, aggregate.
        var sb = new StringBuilder();
        sb.AppendLine("id,name,amount,ratio,tags");
        for (var i = 0; i < 20_000; i++)
        {
            var name = Words[i % Words.Length] + "-" + Words[i * 7 % Words.Length];
            sb.Append(i).Append(',').Append(name).Append(',')
              .Append((i * 37 % 10_000).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append($"{i / 7.0:F3}").Append(',')
              .AppendLine(string.Join('|', Words[i % 3], Words[i % 5 + 3], Words[i % 11 + 8]));
        }
        var csv = sb.ToString();
        h = Suite.Mix(h, csv.Length);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long amountTotal = 0;
        double ratioTotal = 0;
        var tagCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].TrimEnd('\r').Split(',');
            amountTotal += int.Parse(fields[2], CultureInfo.InvariantCulture);
            ratioTotal += double.Parse(fields[3], CultureInfo.InvariantCulture);
            foreach (var tag in fields[4].Split('|'))
                tagCounts[tag] = tagCounts.GetValueOrDefault(tag) + 1;
        }
        h = Suite.Mix(h, amountTotal);
        h = Suite.Mix(h, (long)ratioTotal);
        foreach (var w in Words) h = Suite.Mix(h, tagCounts.GetValueOrDefault(w));

        // Text processing: words, case, reversal, search and replace.
        var text = new StringBuilder();
        for (var i = 0; i < 30_000; i++) text.Append(Words[(i * i + 3 * i) % Words.Length]).Append(i % 13 == 0 ? ". " : " ");
        var prose = text.ToString();
        var sentences = prose.Split(". ");
        var capitalised = new List<string>(sentences.Length);
        foreach (var s in sentences)
            if (s.Length > 0) capitalised.Add(char.ToUpperInvariant(s[0]) + s[1..]);
        var joined = string.Join(". ", capitalised);
        h = Suite.Mix(h, joined.Length);
        h = Suite.Mix(h, CountOccurrences(joined, "echo"));
        var replaced = joined.Replace("tango", "TANGO").Replace("lima", "l");
        h = Suite.Mix(h, replaced.Length);
        h = Suite.Mix(h, IsPalindromeCount(Words));
        h = Suite.Mix(h, Fingerprint(replaced.ToUpperInvariant()));

        // Formatting in a loop, as logging code does.
        var log = new StringBuilder();
        for (var i = 0; i < 8_000; i++)
            log.Append(string.Format(CultureInfo.InvariantCulture, "[{0:D6}] {1,-10} took {2:F2} ms; ok={3}\n", i, Words[i % Words.Length], i * 0.013, i % 4 != 0));
        h = Suite.Mix(h, Fingerprint(log.ToString()));
        return h;
    }

    private static int CountOccurrences(string text, string word)
    {
        var count = 0;
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at += word.Length;
        }
        return count;
    }

    private static int IsPalindromeCount(string[] words)
    {
        var n = 0;
        foreach (var w in words)
        {
            var chars = w.ToCharArray();
            Array.Reverse(chars);
            if (new string(chars) == w) n++;
        }
        return n;
    }

    private static long Fingerprint(string s)
    {
        long h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }
}
