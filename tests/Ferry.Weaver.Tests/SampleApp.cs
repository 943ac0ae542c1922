using System.Reflection;
using System.Runtime.Loader;
using Ferry.Weaver;

namespace Ferry.Weaver.Tests;

/// <summary>The WeaverSample fixture app, copied alone into a temp directory and woven once.</summary>
public sealed class SampleApp : IDisposable
{
    public string Directory { get; }
    public string OriginalPath { get; }
    public WeaveResult Woven { get; }

    public SampleApp()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ferry-weaver-tests-" + Guid.NewGuid().ToString("N"));
        var appDir = Path.Combine(Directory, "app");
        System.IO.Directory.CreateDirectory(appDir);
        var source = typeof(WeaverSample.Program).Assembly.Location;
        OriginalPath = Path.Combine(appDir, Path.GetFileName(source));
        File.Copy(source, OriginalPath);
        Woven = new AppWeaver().WeaveApp(OriginalPath, Path.Combine(Directory, "woven"));
    }

    /// <summary>A fresh load of an assembly (so statics start over), in its own context.</summary>
    public static Assembly LoadFresh(string path)
    {
        var context = new AssemblyLoadContext("sample-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(new MemoryStream(File.ReadAllBytes(path)));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
