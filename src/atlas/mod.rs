//! Atlases as published: what one self-contained file carries, and how it is sealed.

pub mod seal;
