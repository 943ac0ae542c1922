// Tokenizer + word count over generated text: thousands of back-edges in char loops.
using System.Text;

namespace WordCount;

internal static class Program
{
    private static readonly string[] s_words =
    {
        "the", "ferry", "carries", "threads", "across", "water", "and", "heap", "objects", "arrive",
        "intact", "on", "other", "side", "while", "time", "keeps", "moving", "forward", "quietly",
    };

    private static string Generate(int wordCount)
    {
        var sb = new StringBuilder();
        uint s = 42;
        for (int i = 0; i < wordCount; i++)
        {
            s = s * 1664525u + 1013904223u;
            int idx = (int)((s >> 16) % (uint)s_words.Length);
            string w = s_words[idx];
            if ((s & 0xF) == 0) w = char.ToUpperInvariant(w[0]) + w[1..];
            sb.Append(w);
            uint p = (s >> 8) % 16;
            sb.Append(p == 0 ? ". " : p == 1 ? ", " : p == 2 ? "!\n" : " ");
        }
        return sb.ToString();
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetter(c)) current.Append(char.ToLowerInvariant(c));
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    private static List<KeyValuePair<TKey, int>> TopK<TKey>(Dictionary<TKey, int> counts, int k, Func<TKey, string> name) where TKey : notnull
    {
        var top = new List<KeyValuePair<TKey, int>>();
        foreach (KeyValuePair<TKey, int> kv in counts)
        {
            int pos = top.Count;
            while (pos > 0 && (top[pos - 1].Value < kv.Value || top[pos - 1].Value == kv.Value && string.CompareOrdinal(name(top[pos - 1].Key), name(kv.Key)) > 0)) pos--;
            if (pos < k) top.Insert(pos, kv);
            if (top.Count > k) top.RemoveAt(k);
        }
        return top;
    }

    private static int Main()
    {
        string text = Generate(3000);
        Console.WriteLine($"text chars={text.Length} lines={text.Split('\n').Length}");
        List<string> tokens = Tokenize(text);
        Console.WriteLine($"tokens={tokens.Count}");

        var counts = new Dictionary<string, int>();
        var bigrams = new Dictionary<(string, string), int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            counts[tokens[i]] = counts.GetValueOrDefault(tokens[i]) + 1;
            if (i > 0)
            {
                var key = (tokens[i - 1], tokens[i]);
                bigrams[key] = bigrams.GetValueOrDefault(key) + 1;
            }
        }
        foreach (var kv in TopK(counts, 8, w => w)) Console.WriteLine($"word {kv.Key,-8} {kv.Value}");
        foreach (var kv in TopK(bigrams, 5, b => b.Item1 + " " + b.Item2)) Console.WriteLine($"bigram {kv.Key.Item1} {kv.Key.Item2} {kv.Value}");
        Console.WriteLine($"distinct words={counts.Count} distinct bigrams={bigrams.Count}");

        int total = 0;
        foreach (int v in counts.Values) total += v;
        if (total != 3000 || tokens.Count != 3000) return Fail(11, $"total {total}");
        string again = Generate(3000);
        if (again != text) return Fail(12, "generator");
        int theCount = 0;
        foreach (string t in Tokenize(again)) if (t == "the") theCount++;
        if (theCount != counts["the"]) return Fail(13, "the");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
