using System.Text;

namespace WeaverSample;

/// <summary>
/// Touches files, directories, info objects, streams, variables and paths with absolute inside paths:
/// woven and run under a re-rooting view, everything must land under its root and report inside paths.
/// Not called from Main (the other tests count Main's safe points).
/// </summary>
public static class EnvironmentProbe
{
    public static string Run()
    {
        var log = new StringBuilder();
        Directory.CreateDirectory("/probe/sub");
        File.WriteAllText("/probe/a.txt", "alpha");
        using (var writer = new StreamWriter("/probe/b.txt"))
        {
            for (var i = 0; i < 3; i++) writer.WriteLine(i);
        }
        log.Append(File.ReadAllText("/probe/a.txt")).Append('|');
        foreach (var file in Directory.GetFiles("/probe")) log.Append(file).Append(',');
        var info = new FileInfo("/probe/a.txt");
        log.Append('|').Append(info.FullName).Append('|').Append(info.DirectoryName).Append('|').Append(info).Append('|').Append(info.Length);
        log.Append('|').Append(Environment.GetEnvironmentVariable("PROBE")).Append('|').Append(Environment.MachineName);
        log.Append('|').Append(Path.GetTempPath());
        using (var stream = new FileStream("/probe/c.bin", FileMode.Create)) log.Append('|').Append(stream.Name);
        try
        {
            File.ReadAllText("/probe/missing.txt");
        }
        catch (FileNotFoundException e)
        {
            log.Append('|').Append(e.FileName);
        }
        log.Append('|').Append(new UpperReader("x\n").ReadLine());
        return log.ToString();
    }
}

/// <summary>
/// The async file calls, EnumerationOptions listings, Directory.GetParent and Environment.GetFolderPath, as
/// an app writes them (default CancellationToken, a nested enum): woven, each must go through the view.
/// </summary>
public static class MoreEnvironmentProbe
{
    public static string Run()
    {
        var log = new StringBuilder();
        Directory.CreateDirectory("/probe2/.hidden");
        File.WriteAllTextAsync("/probe2/a.txt", "async").GetAwaiter().GetResult();
        File.AppendAllLinesAsync("/probe2/a.txt", ["!"]).GetAwaiter().GetResult();
        File.WriteAllBytesAsync("/probe2/.hidden/b.bin", new byte[] { 7 }).GetAwaiter().GetResult();
        log.Append(File.ReadAllTextAsync("/probe2/a.txt").GetAwaiter().GetResult().Trim()).Append('|');
        log.Append(File.ReadAllBytesAsync("/probe2/.hidden/b.bin").GetAwaiter().GetResult()[0]).Append('|');
        log.Append(string.Join(",", Directory.GetFiles("/probe2", "*", new EnumerationOptions { RecurseSubdirectories = true }))).Append('|');
        log.Append(string.Join(",", new DirectoryInfo("/probe2").GetFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }).Select(i => i.FullName))).Append('|');
        log.Append(Directory.GetParent("/probe2/a.txt")!.FullName).Append('|');
        log.Append(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify));
        return log.ToString();
    }
}

/// <summary>An override that calls the framework's ReadLine with base.: that call must not be redirected back to it.</summary>
public sealed class UpperReader(string text) : TextReader
{
    private int _next;

    public override int Peek() => _next < text.Length ? text[_next] : -1;

    public override int Read() => _next < text.Length ? text[_next++] : -1;

    public override string? ReadLine() => base.ReadLine()?.ToUpperInvariant();
}
