"""Cartable as a SAML 2.0 service provider (issue 18, docs/sso.md): ÉduConnect and the académie's agents."""
