package io.poolworks.sample.orders;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /orders} places orders on the stream ({@code 202}); {@code GET /orders}
 * shows how many were placed and shipped, on every instance. Profile {@code cluster}.
 */
@RestController
@Profile("cluster")
public class OrdersController {

    static final int MAX_COUNT = 10_000;

    private final OrderBook orders;

    public OrdersController(OrderBook orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    ResponseEntity<Placed> place(@RequestBody PlaceRequest request) {
        int count = (request.count() != null) ? request.count() : 1;
        if (count < 1 || count > MAX_COUNT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and " + MAX_COUNT);
        }
        List<String> placed = this.orders.place(count);
        return ResponseEntity.accepted().body(new Placed(placed.size(), placed.get(0), placed.get(placed.size() - 1)));
    }

    @GetMapping("/orders")
    OrderBook.Progress progress() {
        return this.orders.progress();
    }

    /**
     * Body of {@code POST /orders}.
     *
     * @param count how many orders to place, 1 when absent
     */
    record PlaceRequest(@Nullable Integer count) {
    }

    /**
     * Body of a {@code 202}.
     *
     * @param placed how many orders were placed
     * @param first the first order
     * @param last the last order
     */
    record Placed(int placed, String first, String last) {
    }

}
