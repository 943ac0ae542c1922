using System.Reflection;
using Ferry.Images.Graph;

namespace Ferry.Runtime.Imaging;

/// <summary>The object-graph serializer set up for this app: its assemblies and the runtime's are allowed.</summary>
internal static class ImageSerializer
{
    public static TypeAllowlist Allowlist()
    {
        var allowlist = new TypeAllowlist();
        foreach (var assembly in AppProcess.AppAssemblies) allowlist.AddAssembly(assembly);
        allowlist.AddAssembly(typeof(ImageSerializer).Assembly);
        // Entries of app threads and work items.
        allowlist.AddType(typeof(ThreadStart)).AddType(typeof(ParameterizedThreadStart)).AddType(typeof(WaitCallback))
            .AddType(typeof(TimerCallback));
        // Instances are always replaced by RuntimeSurrogates; as element types and generic arguments
        // they may appear (a Thread[] the app joins, a List<Task<T>> it waits on).
        allowlist.AddSubstitutedType(typeof(Thread)).AddSubstitutedType(typeof(Task)).AddSubstitutedType(typeof(Task<>))
            .AddSubstitutedType(typeof(Lock)).AddSubstitutedType(typeof(TextWriter)).AddSubstitutedType(typeof(TextReader))
            // Resources re-created on restore (ResourceSurrogates); an open connection is refused by name.
            .AddSubstitutedType(typeof(FileStream)).AddSubstitutedType(typeof(Timer))
            .AddSubstitutedType(typeof(System.Net.Sockets.TcpListener)).AddSubstitutedType(typeof(System.Net.Sockets.Socket))
            .AddSubstitutedType(typeof(System.Net.Sockets.TcpClient)).AddSubstitutedType(typeof(System.Net.Sockets.UdpClient))
            .AddSubstitutedType(typeof(System.Net.Sockets.NetworkStream));
        return allowlist;
    }

    public static ObjectGraphSerializer ForWriting() => new(Allowlist(), new RuntimeSurrogates());

    public static Dictionary<string, Assembly> AssembliesByName()
    {
        var result = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
            result.TryAdd(a.GetName().Name!, a);
        // The app's own assemblies win over any same-named assembly elsewhere.
        foreach (var a in AppProcess.AppAssemblies) result[a.GetName().Name!] = a;
        return result;
    }
}
