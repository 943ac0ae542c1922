using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;

namespace Ferry.Node.Instances;

/// <summary>An instance's output log, record by record: for <c>ferry logs</c> in-process and for the node API's ReadLog.</summary>
public static class InstanceLogs
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Every record written so far; with <paramref name="follow"/>, new ones too until the instance has ended.</summary>
    /// <exception cref="InstanceOperationException">the log is damaged</exception>
    public static IEnumerable<OutputRecord> Read(LocalInstances instances, InstanceInfo instance, string what, bool follow, CancellationToken cancel = default)
    {
        var path = instances.Home.Instance(instance.Id).OutputLog;
        var reader = new OutputLogReader(path);
        while (true)
        {
            // The state before the log: output written before the instance ended is then surely seen.
            var ended = instances.Store.Find(instance.Id)?.HasEnded ?? true;
            IReadOnlyList<OutputRecord> records;
            try
            {
                records = File.Exists(path) ? reader.ReadAvailable() : [];
            }
            catch (InvalidDataException e)
            {
                throw new InstanceOperationException(what, e.Message);
            }
            foreach (var record in records) yield return record;
            if (!follow || ended || cancel.IsCancellationRequested) yield break;
            Thread.Sleep(s_pollInterval);
        }
    }
}
