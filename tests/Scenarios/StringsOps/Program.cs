// Strings: immutable string objects and char arrays live across safe points.
namespace StringsOps;

internal static class Program
{
    private static string Caesar(string s, int shift)
    {
        char[] chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char ch = chars[i];
            if (ch >= 'a' && ch <= 'z') chars[i] = (char)('a' + (ch - 'a' + shift) % 26);
        }
        return new string(chars);
    }

    // Leaf method with a byref-like local: not capturable itself, contains no safe point.
    private static int CountVowels(string s)
    {
        ReadOnlySpan<char> span = s.AsSpan();
        int n = 0;
        foreach (char ch in span)
            if ("aeiou".Contains(ch)) n++;
        return n;
    }

    private static int Main()
    {
        string sentence = "the quick brown fox jumps over the lazy dog";
        string[] words = sentence.Split(' ');
        var rotated = new List<string>();
        string acc = "";
        for (int i = 0; i < words.Length; i++)
        {
            string w = Caesar(words[i], i + 1);
            rotated.Add(w);
            acc = acc.Length == 0 ? w : acc + "-" + w;
        }
        Console.WriteLine("rotated " + acc);

        string joined = string.Join("|", rotated);
        string replaced = joined.Replace("|", " / ").ToUpperInvariant();
        int idx = replaced.IndexOf(" / ", StringComparison.Ordinal);
        Console.WriteLine($"replaced head={replaced[..idx]} length={replaced.Length}");

        var table = new List<string>();
        for (int i = 0; i < words.Length; i += 2)
            table.Add($"|{words[i],-6}|{words[i].Length,3}|{CountVowels(words[i]):D2}|{i * 1.5,7:F2}|");
        foreach (string row in table) Console.WriteLine(row);

        string reversed = "";
        for (int i = sentence.Length - 1; i >= 0; i -= 3) reversed += sentence[i];
        Console.WriteLine($"every third reversed: '{reversed}'");

        int cmp = 0;
        for (int i = 1; i < words.Length; i++) cmp += Math.Sign(string.CompareOrdinal(words[i - 1], words[i]));
        bool eq = string.Equals("ABC", "abc", StringComparison.OrdinalIgnoreCase);
        string padded = "7".PadLeft(4, '0') + "x".PadRight(3, '.');
        string trimmed = "  spaced out  ".Trim();
        Console.WriteLine($"cmp={cmp} eq={eq} padded={padded} trimmed=[{trimmed}] vowels={CountVowels(sentence)}");

        var sbless = string.Concat(Enumerable.Repeat("ab", 5));
        Console.WriteLine($"concat {sbless} starts={sbless.StartsWith("abab", StringComparison.Ordinal)} last={sbless.LastIndexOf('a')}");

        for (int i = 0; i < words.Length; i++)
            if (Caesar(rotated[i], 26 - (i + 1) % 26) != words[i]) return Fail(11, "caesar " + i);
        if (replaced.Length != joined.Length + 2 * (words.Length - 1)) return Fail(12, "replace");
        if (reversed.Length != (sentence.Length + 2) / 3) return Fail(13, "reversed");
        if (!eq || padded != "0007x.." || trimmed != "spaced out") return Fail(14, "misc");
        if (CountVowels(sentence) != 11) return Fail(15, "vowels");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
