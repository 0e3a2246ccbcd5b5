//! A game, generated with every option changed: Vector.<T>, Rust names, other packages, and no
//! runtime.

use amf_runtime::AmfClass;
use std::collections::HashMap;

/// A tile of the map.
#[derive(AmfClass)]
#[amf(alias = "com.example.game.Tile")]
pub struct Tile {
    pub x: i32,
    pub y: i32,
    /// What covers the tile, bottom first.
    pub layers: Vec<TileKind>,
}

/// What a tile is made of.
#[derive(AmfClass)]
#[amf(rename_all = "kebab-case")]
pub enum TileKind {
    Grass,
    DeepWater,
}

/// Loading and reading maps.
#[service(name = "game")]
pub trait Game {
    /// Stores a map and returns it as stored.
    async fn load_map(&self, rows: Vec<Vec<Tile>>, heights: Vec<Option<f64>>) -> Vec<Vec<Tile>>;

    /// The kinds of tiles the server knows.
    async fn tile_kinds(&self) -> Vec<TileKind>;

    /// Marks tiles.
    #[amf(message)]
    async fn mark_tiles(&self, tile_ids: Vec<u32>);
}

/// What the server asks the player.
#[service(name = "ui", served_by = "client")]
pub trait Ui {
    /// Lets the player choose tiles; `None` if the player cancels.
    async fn choose_tiles(&self, tiles: Vec<Tile>, weights: HashMap<String, Vec<u32>>) -> Option<Vec<i32>>;
}
