namespace Candor.C2pa.Validation;

/// <summary>
/// The status codes Candor reports: the C2PA 2.2 §15.2.2 codes, plus
/// <see cref="HardBindingNotValidated"/>, Candor's own informational code (prefix "candor.")
/// for a hard binding Candor does not check yet.
/// </summary>
public static class C2paStatusCodes
{
    /// <summary>A hashed URI's hash matches the assertion it points at.</summary>
    public const string HashedUriMatch = "assertion.hashedURI.match";
    /// <summary>A hashed URI's hash differs from the assertion it points at.</summary>
    public const string HashedUriMismatch = "assertion.hashedURI.mismatch";
    /// <summary>A hashed URI points at an assertion that is not in the store.</summary>
    public const string AssertionMissing = "assertion.missing";
    /// <summary>The hash of the asset minus the exclusions matches <c>c2pa.hash.data</c>.</summary>
    public const string DataHashMatch = "assertion.dataHash.match";
    /// <summary>The asset hash differs, or the exclusions do not cover exactly the manifest store.</summary>
    public const string DataHashMismatch = "assertion.dataHash.mismatch";
    /// <summary>A hash algorithm that is not sha256, sha384 or sha512 (or none at all).</summary>
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    /// <summary>A standard manifest without any hard-binding assertion.</summary>
    public const string HardBindingsMissing = "claim.hardBindings.missing";
    /// <summary>The claim lists more than one hard-binding assertion.</summary>
    public const string MultipleHardBindings = "assertion.multipleHardBindings";
    /// <summary>The claim's list of hashed URIs is malformed.</summary>
    public const string ClaimMalformed = "claim.malformed";
    /// <summary>
    /// Candor's own code: the hard binding is <c>c2pa.hash.boxes</c> or <c>c2pa.hash.bmff*</c>,
    /// which Candor does not validate yet (its hashed URI is still checked).
    /// </summary>
    public const string HardBindingNotValidated = "candor.hardBinding.notValidated";

    // Signature, credential and time-stamp codes (C2PA 2.2 §15.2; c2pa-rs reports the
    // time-stamp problems as informational, and Candor follows it so verdicts agree).
    /// <summary>The claim signature verifies over the exact claim bytes.</summary>
    public const string ClaimSignatureValidated = "claimSignature.validated";
    /// <summary>The claim signature does not verify.</summary>
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    /// <summary>The manifest has no claim signature box.</summary>
    public const string ClaimSignatureMissing = "claimSignature.missing";
    /// <summary>The signing time lies inside the certificate's validity.</summary>
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    /// <summary>The signing time lies outside the certificate's validity.</summary>
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    /// <summary>The signing certificate chains to a trust anchor.</summary>
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    /// <summary>The signing certificate does not chain to any trust anchor (does not by itself make a manifest invalid).</summary>
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    /// <summary>The signing certificate breaks the C2PA certificate profile (key usage, EKU, curve, key size…).</summary>
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    /// <summary>The signing certificate had expired (or was not yet valid) at the signing time.</summary>
    public const string SigningCredentialExpired = "signingCredential.expired";
    /// <summary>The signing certificate was revoked.</summary>
    public const string SigningCredentialRevoked = "signingCredential.revoked";
    /// <summary>OCSP said the certificate is not revoked.</summary>
    public const string SigningCredentialOcspNotRevoked = "signingCredential.ocsp.notRevoked";
    /// <summary>The certificate names an OCSP responder, but no OCSP answer was checked (network not allowed, none stapled).</summary>
    public const string SigningCredentialOcspSkipped = "signingCredential.ocsp.skipped";
    /// <summary>The OCSP responder could not be reached.</summary>
    public const string SigningCredentialOcspInaccessible = "signingCredential.ocsp.inaccessible";
    /// <summary>The time-stamp token verifies and its TSA chains to a trust anchor.</summary>
    public const string TimeStampTrusted = "timeStamp.trusted";
    /// <summary>The time-stamp token verifies.</summary>
    public const string TimeStampValidated = "timeStamp.validated";
    /// <summary>The time-stamp's authority does not chain to a trust anchor.</summary>
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    /// <summary>The time-stamp token cannot be read.</summary>
    public const string TimeStampMalformed = "timeStamp.malformed";
    /// <summary>The time-stamp token does not cover this signature.</summary>
    public const string TimeStampMismatch = "timeStamp.mismatch";
    /// <summary>The time-stamp lies outside the signing certificate's validity.</summary>
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";
    /// <summary>A CAWG identity assertion's X.509 credential does not chain to a trust anchor.</summary>
    public const string CawgX509CredentialUntrusted = "cawg.x509.credential.untrusted";
    /// <summary>A CAWG identity assertion's X.509 credential is trusted.</summary>
    public const string CawgX509CredentialTrusted = "cawg.x509.credential.trusted";
    /// <summary>The COSE signature of a CAWG identity assertion's X.509 credential verifies over its signer_payload.</summary>
    public const string CawgX509SignatureValidated = "cawg.x509.signature.validated";
    /// <summary>The COSE signature of a CAWG identity assertion's X.509 credential does not verify.</summary>
    public const string CawgX509SignatureMismatch = "cawg.x509.signature.mismatch";
    /// <summary>A CAWG identity assertion verifies.</summary>
    public const string CawgIdentityValidated = "cawg.identity.well-formed";
    /// <summary>A CAWG identity assertion's signature does not verify or its structure is broken.</summary>
    public const string CawgIdentityInvalid = "cawg.identity.invalid";

    // Ingredient and manifest-structure codes.
    /// <summary>An ingredient's manifest is in the store and validates.</summary>
    public const string IngredientManifestValidated = "ingredient.manifest.validated";
    /// <summary>An ingredient refers to a manifest that is not in the store.</summary>
    public const string IngredientManifestMissing = "ingredient.manifest.missing";
    /// <summary>The ingredient's hashed URI to its manifest does not match that manifest.</summary>
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";
    /// <summary>An ingredient's claim signature verifies.</summary>
    public const string IngredientClaimSignatureValidated = "ingredient.claimSignature.validated";
    /// <summary>An ingredient's claim signature is absent.</summary>
    public const string IngredientClaimSignatureMissing = "ingredient.claimSignature.missing";
    /// <summary>An ingredient's claim signature does not verify.</summary>
    public const string IngredientClaimSignatureMismatch = "ingredient.claimSignature.mismatch";
    /// <summary>An ingredient's hashed URI does not match.</summary>
    public const string IngredientHashedUriMismatch = "ingredient.hashedURI.mismatch";
    /// <summary>The store holds no claim where one must be.</summary>
    public const string ClaimMissing = "claim.missing";
    /// <summary>The claim is not valid CBOR.</summary>
    public const string ClaimCborInvalid = "claim.cbor.invalid";
    /// <summary>A required claim field is missing.</summary>
    public const string ClaimRequiredMissing = "claim.required.missing";
    /// <summary>More than one parentOf ingredient.</summary>
    public const string ManifestMultipleParents = "manifest.multipleParents";
    /// <summary>An update manifest breaks the update rules.</summary>
    public const string ManifestUpdateInvalid = "manifest.update.invalid";
    /// <summary>An update manifest without exactly one parent.</summary>
    public const string ManifestUpdateWrongParents = "manifest.update.wrongParents";
    /// <summary>A manifest (remote or embedded) could not be read.</summary>
    public const string ManifestInaccessible = "manifest.inaccessible";
    /// <summary>The assertion's CBOR cannot be read.</summary>
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    /// <summary>The assertion's JSON cannot be read.</summary>
    public const string AssertionJsonInvalid = "assertion.json.invalid";
    /// <summary>An assertion in the store is not referenced by the claim.</summary>
    public const string AssertionUndeclared = "assertion.undeclared";
    /// <summary>An actions assertion breaks its schema (an action without a name, a first action that is not created/opened…).</summary>
    public const string ActionMalformed = "assertion.action.malformed";
    /// <summary>An action names an ingredient that is not there.</summary>
    public const string ActionIngredientMismatch = "assertion.action.ingredientMismatch";
    /// <summary>The data hash assertion is malformed.</summary>
    public const string DataHashMalformed = "assertion.dataHash.malformed";
    /// <summary>An ingredient assertion cannot be read, or a v3 ingredient with a manifest lacks validationResults.</summary>
    public const string IngredientMalformed = "assertion.ingredient.malformed";
    /// <summary>An ingredient without a manifest of its own: nothing is known of its provenance.</summary>
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";
    /// <summary>Every box a <c>c2pa.hash.boxes</c> assertion lists hashes as recorded.</summary>
    public const string BoxesHashMatch = "assertion.boxesHash.match";
    /// <summary>A box's hash differs, or the boxes are not the ones (or not in the order) the assertion lists.</summary>
    public const string BoxesHashMismatch = "assertion.boxesHash.mismatch";
    /// <summary>The asset has a box the assertion does not list.</summary>
    public const string BoxesHashUnknownBox = "assertion.boxesHash.unknownBox";
    /// <summary>Something went wrong that has no more precise code.</summary>
    public const string GeneralError = "general.error";

    /// <summary>How each code counts.</summary>
    public static IReadOnlyDictionary<string, C2paStatusKind> Kinds { get; } = new Dictionary<string, C2paStatusKind>(StringComparer.Ordinal)
    {
        [HashedUriMatch] = C2paStatusKind.Success,
        [HashedUriMismatch] = C2paStatusKind.Failure,
        [AssertionMissing] = C2paStatusKind.Failure,
        [DataHashMatch] = C2paStatusKind.Success,
        [DataHashMismatch] = C2paStatusKind.Failure,
        [AlgorithmUnsupported] = C2paStatusKind.Failure,
        [HardBindingsMissing] = C2paStatusKind.Failure,
        [MultipleHardBindings] = C2paStatusKind.Failure,
        [ClaimMalformed] = C2paStatusKind.Failure,
        [ClaimSignatureValidated] = C2paStatusKind.Success,
        [ClaimSignatureMismatch] = C2paStatusKind.Failure,
        [ClaimSignatureMissing] = C2paStatusKind.Failure,
        [ClaimSignatureInsideValidity] = C2paStatusKind.Success,
        [ClaimSignatureOutsideValidity] = C2paStatusKind.Failure,
        [SigningCredentialTrusted] = C2paStatusKind.Success,
        [SigningCredentialUntrusted] = C2paStatusKind.Failure,
        [SigningCredentialInvalid] = C2paStatusKind.Failure,
        [SigningCredentialExpired] = C2paStatusKind.Failure,
        [SigningCredentialRevoked] = C2paStatusKind.Failure,
        [SigningCredentialOcspNotRevoked] = C2paStatusKind.Success,
        [SigningCredentialOcspSkipped] = C2paStatusKind.Informational,
        [SigningCredentialOcspInaccessible] = C2paStatusKind.Informational,
        [TimeStampTrusted] = C2paStatusKind.Success,
        [TimeStampValidated] = C2paStatusKind.Success,
        [TimeStampUntrusted] = C2paStatusKind.Informational,
        [TimeStampMalformed] = C2paStatusKind.Informational,
        [TimeStampMismatch] = C2paStatusKind.Informational,
        [TimeStampOutsideValidity] = C2paStatusKind.Informational,
        [CawgX509CredentialUntrusted] = C2paStatusKind.Failure,
        [CawgX509CredentialTrusted] = C2paStatusKind.Success,
        [CawgX509SignatureValidated] = C2paStatusKind.Success,
        [CawgX509SignatureMismatch] = C2paStatusKind.Failure,
        [CawgIdentityValidated] = C2paStatusKind.Success,
        [CawgIdentityInvalid] = C2paStatusKind.Failure,
        [IngredientManifestValidated] = C2paStatusKind.Success,
        [IngredientManifestMissing] = C2paStatusKind.Failure,
        [IngredientManifestMismatch] = C2paStatusKind.Failure,
        [IngredientClaimSignatureValidated] = C2paStatusKind.Success,
        [IngredientClaimSignatureMissing] = C2paStatusKind.Failure,
        [IngredientClaimSignatureMismatch] = C2paStatusKind.Failure,
        [IngredientHashedUriMismatch] = C2paStatusKind.Failure,
        [ClaimMissing] = C2paStatusKind.Failure,
        [ClaimCborInvalid] = C2paStatusKind.Failure,
        [ClaimRequiredMissing] = C2paStatusKind.Failure,
        [ManifestMultipleParents] = C2paStatusKind.Failure,
        [ManifestUpdateInvalid] = C2paStatusKind.Failure,
        [ManifestUpdateWrongParents] = C2paStatusKind.Failure,
        [ManifestInaccessible] = C2paStatusKind.Failure,
        [AssertionCborInvalid] = C2paStatusKind.Failure,
        [AssertionJsonInvalid] = C2paStatusKind.Failure,
        [AssertionUndeclared] = C2paStatusKind.Failure,
        [ActionMalformed] = C2paStatusKind.Failure,
        [ActionIngredientMismatch] = C2paStatusKind.Failure,
        [DataHashMalformed] = C2paStatusKind.Failure,
        [IngredientMalformed] = C2paStatusKind.Failure,
        [IngredientUnknownProvenance] = C2paStatusKind.Informational,
        [BoxesHashMatch] = C2paStatusKind.Success,
        [BoxesHashMismatch] = C2paStatusKind.Failure,
        [BoxesHashUnknownBox] = C2paStatusKind.Failure,
        [GeneralError] = C2paStatusKind.Failure,
        [HardBindingNotValidated] = C2paStatusKind.Informational,
    };
}
