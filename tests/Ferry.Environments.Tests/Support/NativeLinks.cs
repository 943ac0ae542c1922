using System.Runtime.InteropServices;

namespace Ferry.Environments.Tests.Support;

/// <summary>link(2), which .NET does not offer: how an app (through P/Invoke) makes a hard link.</summary>
internal static partial class NativeLinks
{
    public static void HardLink(string existing, string newPath)
    {
        if (link(existing, newPath) != 0) throw new IOException($"link({existing}, {newPath}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string oldpath, string newpath);
}
