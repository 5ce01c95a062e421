namespace Candor.Registry;

/// <summary>What an owner says about one use of one work.</summary>
public enum ConsentStatus
{
    /// <summary>Nothing said about this use.</summary>
    None = 0,

    /// <summary>The owner refuses the use ("do not train"). Honoured even when ownership is not verified.</summary>
    OptOut = 1,

    /// <summary>The owner allows the use. Counted only when ownership is verified.</summary>
    OptIn = 2,
}
