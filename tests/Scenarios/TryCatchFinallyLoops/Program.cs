// try/catch/finally around and inside loops: resume points inside protected regions.
namespace TryCatchFinallyLoops;

internal sealed class StepException : Exception
{
    public StepException(int step) : base($"step {step} failed") => Step = step;
    public int Step { get; }
}

internal static class Program
{
    private static int s_finallyRuns;
    private static readonly List<string> s_log = new();

    private static int Work(int i)
    {
        if (i % 7 == 3) throw new StepException(i);
        if (i % 11 == 5) throw new InvalidOperationException("bad " + i);
        return i * 2;
    }

    private static int Main()
    {
        // Loop inside one try with catch and finally.
        int total = 0;
        try
        {
            for (int i = 0; i < 10; i++)
                total += i < 9 ? i : Work(3);
        }
        catch (StepException e)
        {
            s_log.Add("outer caught " + e.Step);
        }
        finally
        {
            s_finallyRuns++;
        }
        Console.WriteLine($"outer total={total} finallyRuns={s_finallyRuns}");

        // try/catch/finally inside the loop.
        int ok = 0, stepFails = 0, otherFails = 0;
        for (int i = 0; i < 30; i++)
        {
            try
            {
                ok += Work(i);
            }
            catch (StepException e) when (e.Step % 2 == 1)
            {
                stepFails++;
                s_log.Add("odd step " + e.Step);
            }
            catch (StepException e)
            {
                stepFails++;
                s_log.Add("even step " + e.Step);
            }
            catch (InvalidOperationException e)
            {
                otherFails++;
                s_log.Add(e.Message);
            }
            finally
            {
                s_finallyRuns++;
            }
        }
        Console.WriteLine($"inner ok={ok} stepFails={stepFails} otherFails={otherFails} finallyRuns={s_finallyRuns}");

        // Loop in try nested in loop in try.
        int nested = 0;
        try
        {
            for (int a = 0; a < 4; a++)
            {
                try
                {
                    for (int b = 0; b < 5; b++)
                    {
                        nested += a * b;
                        if (a == 2 && b == 3) throw new StepException(100 + a);
                    }
                }
                catch (StepException e)
                {
                    s_log.Add("nested caught " + e.Step);
                }
                finally
                {
                    s_finallyRuns++;
                }
            }
        }
        finally
        {
            s_finallyRuns++;
        }
        Console.WriteLine($"nested={nested} finallyRuns={s_finallyRuns}");
        foreach (string line in s_log) Console.WriteLine("log: " + line);

        int expectOk = 0, expectStep = 0, expectOther = 0;
        for (int i = 0; i < 30; i++)
        {
            if (i % 7 == 3) expectStep++;
            else if (i % 11 == 5) expectOther++;
            else expectOk += i * 2;
        }
        if (total != 36) return Fail(11, $"total {total}");
        if (ok != expectOk || stepFails != expectStep || otherFails != expectOther) return Fail(12, "inner counts");
        if (nested != 0 + 10 + 2 * (0 + 1 + 2 + 3) + 30) return Fail(13, $"nested {nested}");
        if (s_finallyRuns != 1 + 30 + 4 + 1) return Fail(14, $"finallyRuns {s_finallyRuns}");
        if (s_log.Count != 1 + expectStep + expectOther + 1) return Fail(15, "log");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
