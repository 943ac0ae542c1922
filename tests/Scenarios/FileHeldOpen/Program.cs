// A FileStream and a StreamWriter over it held open across many safe points (the image reopens the file
// at its position, the writer's buffered text flushed first), then the file read back with a reader held
// open across safe points (it resumes at its logical position, not where its buffer ended).
namespace FileHeldOpen;

internal static class Program
{
    private const int Lines = 40;

    private static string Line(int i) => $"line {i:D3} {(i * 7919) % 1000:D3}";

    private static int Main()
    {
        var stream = new FileStream("held.txt", FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        var writer = new StreamWriter(stream);
        var written = 0;
        for (var i = 0; i < Lines; i++)
        {
            writer.WriteLine(Line(i));
            written++;
            if (i % 8 == 7)
            {
                writer.Flush();
                Console.WriteLine($"flushed at {i}: position {stream.Position}");
            }
            var spin = 0;
            for (var k = 0; k < 3; k++) spin += k * i;
            if (spin < 0) return Fail(10, "spin");
        }
        writer.Flush();
        Console.WriteLine($"written {written} lines, {stream.Length} bytes");

        // Read back through the same stream.
        stream.Position = 0;
        var again = new StreamReader(stream);
        var first = again.ReadLine();
        Console.WriteLine($"first line: {first}");

        writer.Dispose();

        // A reader held open while the app does other work between lines.
        var reader = File.OpenText("held.txt");
        var count = 0;
        string? line;
        var mismatches = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line != Line(count)) mismatches++;
            if (count % 10 == 0) Console.WriteLine($"read {count}: {line}");
            count++;
            var spin = 0;
            for (var k = 0; k < 2; k++) spin += k;
            if (spin < 0) return Fail(10, "spin");
        }
        reader.Dispose();
        Console.WriteLine($"read {count} lines, {mismatches} mismatches");

        if (first != Line(0)) return Fail(11, $"first line {first}");
        if (count != Lines) return Fail(12, $"read {count} lines");
        if (mismatches != 0) return Fail(13, $"{mismatches} mismatches");
        if (new FileInfo("held.txt").Length != Lines * (Line(0).Length + 1)) return Fail(14, "length");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
