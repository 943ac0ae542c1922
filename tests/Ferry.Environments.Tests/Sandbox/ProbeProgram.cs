using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>
/// A tiny .NET console program, built once with the dotnet running the tests, that the sandbox tests run
/// inside bubblewrap: it proves .NET starts there and does what code the weaver never sees does (a
/// P/Invoke open of a host path, native allocations past a memory limit, native
/// writes past a file-size limit).
/// </summary>
internal static class ProbeProgram
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <InvariantGlobalization>true</InvariantGlobalization>
            <UseAppHost>false</UseAppHost>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    private const string Source = """
        using System.Runtime.InteropServices;

        switch (args[0])
        {
            case "hello":
                Console.WriteLine($"hello from .NET {Environment.Version} on {Environment.MachineName} as {Environment.UserName}");
                break;
            case "open":
                var fd = Native.open(args[1], 0);
                Console.WriteLine(fd >= 0 ? "opened" : $"errno {Marshal.GetLastPInvokeError()}");
                break;
            case "alloc":
                // Native memory: outside the GC heap limit, so only the cgroup can stop it.
                var megabytes = int.Parse(args[1]);
                for (var i = 0; i < megabytes; i++)
                {
                    var block = Marshal.AllocHGlobal(1 << 20);
                    for (var page = 0; page < 1 << 20; page += 4096) Marshal.WriteByte(block, page, 1);
                }
                Console.WriteLine("allocated");
                break;
            case "write":
                // write(2) straight from P/Invoke, past the interception layer: only RLIMIT_FSIZE bounds it.
                var file = Native.open(args[1], 0x241, 0x1a4); // O_WRONLY | O_CREAT | O_TRUNC, 0644
                var chunk = new byte[4096];
                long total = 0, wanted = long.Parse(args[2]);
                var result = "ok";
                while (total < wanted)
                {
                    var n = Native.write(file, chunk, (nint)Math.Min(chunk.Length, wanted - total));
                    if (n < 0) { result = $"errno {Marshal.GetLastPInvokeError()}"; break; }
                    total += n;
                }
                Console.WriteLine($"wrote {total} {result}");
                break;
            case "stream":
                // The framework's own write path (FileStream, SafeFileHandle): EFBIG must surface as an IOException.
                try
                {
                    using (var stream = new FileStream(args[1], FileMode.Create)) stream.Write(new byte[int.Parse(args[2])]);
                    Console.WriteLine("stream ok");
                }
                catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
                {
                    Console.WriteLine($"{e.GetType().Name}: {e.Message}");
                }
                Console.WriteLine("still alive");
                break;
        }

        static class Native
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int open(string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int open(string path, int flags, int mode);

            [DllImport("libc", SetLastError = true)]
            public static extern nint write(int fd, byte[] buffer, nint count);
        }
        """;

    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The built Probe.dll (built on first use; reused across runs while the source is unchanged).</summary>
    public static string Assembly => Built.Value;

    /// <summary>The dotnet muxer of the runtime running the tests.</summary>
    public static string Dotnet => Path.Combine(DotnetRoot, "dotnet");

    /// <summary>The dotnet root: .../shared/Microsoft.NETCore.App/&lt;version&gt;/ is three levels below it.</summary>
    public static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string Build()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Project + Source + Environment.Version)))[..12];
        var dir = Path.Combine(Path.GetTempPath(), $"ferry-sandbox-probe-{hash}");
        var output = Path.Combine(dir, "out");
        var assembly = Path.Combine(output, "Probe.dll");
        if (File.Exists(assembly)) return assembly;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Probe.csproj"), Project);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), Source);
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "build", "-nologo", "-v", "q", "-o", output }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(assembly))
            throw new InvalidOperationException($"building the probe program failed: {text}{errors.Result}");
        return assembly;
    }
}
