// Files through the interception layer: write, append, read back and list a directory under the
// current directory, with safe points between every step and while a directory listing is being
// walked (the listing is a list enumerator held across safe points).
namespace FilesReadWrite;

internal static class Program
{
    private const string Dir = "fdata";
    private const int Files = 8;

    private static string Content(int i)
    {
        var text = "";
        for (var k = 0; k <= i; k++) text += (char)('a' + (i * 7 + k) % 26);
        return text;
    }

    private static int Checksum(string s)
    {
        var sum = 17;
        foreach (var c in s) sum = unchecked(sum * 31 + c);
        return sum;
    }

    private static int Main()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
        Directory.CreateDirectory(Path.Combine(Dir, "sub"));

        for (var i = 0; i < Files; i++)
        {
            var path = Path.Combine(Dir, $"f{i:D2}.txt");
            File.WriteAllText(path, Content(i) + "\n");
            File.AppendAllText(path, "appended " + i + "\n");
            if (i % 2 == 0) File.AppendAllLines(path, ["even", "line"]);
            Console.WriteLine($"wrote {path}");
        }
        File.WriteAllBytes(Path.Combine(Dir, "sub", "data.bin"), [1, 2, 3, 4, 5]);

        // The host lists a directory in no particular order: results are sorted before they are printed.
        var total = 0;
        var report = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Dir))
        {
            var lines = File.ReadAllLines(file);
            var sum = 0;
            for (var k = 0; k < lines.Length; k++) sum += Checksum(lines[k]) % 1000;
            total += sum;
            report.Add($"{file}: {lines.Length} lines, {new FileInfo(file).Length} bytes, sum {sum}");
        }
        report.Sort(StringComparer.Ordinal);
        foreach (var line in report) Console.WriteLine(line);
        Console.WriteLine($"total {total}");

        var dirs = Directory.GetDirectories(Dir);
        Array.Sort(dirs, StringComparer.Ordinal);
        foreach (var dir in dirs) Console.WriteLine($"dir {dir}");
        var all = Directory.GetFiles(Dir, "*", SearchOption.AllDirectories);
        Console.WriteLine($"all files: {all.Length}");

        for (var i = 0; i < Files; i += 3)
        {
            var from = Path.Combine(Dir, $"f{i:D2}.txt");
            var to = Path.Combine(Dir, "sub", $"moved{i}.txt");
            File.Move(from, to);
            Console.WriteLine($"moved {from} -> {to}: exists {File.Exists(to)}, old exists {File.Exists(from)}");
        }
        File.Delete(Path.Combine(Dir, "f01.txt"));

        // Verify by an independent route: rebuild what each remaining file must hold.
        var remaining = Directory.GetFiles(Dir, "*.txt", SearchOption.AllDirectories);
        Array.Sort(remaining, StringComparer.Ordinal);
        Console.WriteLine($"remaining: {string.Join(" ", remaining)}");
        if (remaining.Length != Files - 1) return Fail(11, $"expected {Files - 1} text files, found {remaining.Length}");
        for (var i = 0; i < Files; i++)
        {
            if (i == 1) continue;
            var path = i % 3 == 0 ? Path.Combine(Dir, "sub", $"moved{i}.txt") : Path.Combine(Dir, $"f{i:D2}.txt");
            var expected = Content(i) + "\nappended " + i + "\n" + (i % 2 == 0 ? "even\nline\n" : "");
            if (File.ReadAllText(path) != expected) return Fail(12, $"content of {path}");
        }
        var bytes = File.ReadAllBytes(Path.Combine(Dir, "sub", "data.bin"));
        if (bytes.Length != 5 || bytes[4] != 5) return Fail(13, "data.bin");
        if (File.Exists(Path.Combine(Dir, "f01.txt"))) return Fail(14, "deleted file still there");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
